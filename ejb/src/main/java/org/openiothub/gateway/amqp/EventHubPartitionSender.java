package org.openiothub.gateway.amqp;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.openiothub.eventhub.EventHub;
import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.PartitionState;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.EventHub.StoredEvent;

/**
 * An Event Hubs receiver's link from one partition: sends the partition's events from the start its filter asked
 * for, as many as the link has credit for, each the stored message with the annotations the SDKs require
 * ({@code x-opt-sequence-number} a long, {@code x-opt-offset} a string, {@code x-opt-enqueued-time} a timestamp) and,
 * when the receiver desired {@code com.microsoft:enable-receiver-runtime-metric}, the partition's last enqueued
 * event as delivery annotations. Reading never removes anything, so outcomes change nothing: a delivery is settled
 * once the receiver settles or accepts it. The cursor is read off the event loop, one call at a time, messages
 * encoded there too; a reader at the end of the partition waits for the log to say more arrived.
 */
final class EventHubPartitionSender implements LinkEndpoint {

    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol OFFSET = Symbol.valueOf("x-opt-offset");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    static final Symbol LAST_SEQUENCE_NUMBER = Symbol.valueOf("last_enqueued_sequence_number");
    static final Symbol LAST_OFFSET = Symbol.valueOf("last_enqueued_offset");
    static final Symbol LAST_ENQUEUED_TIME = Symbol.valueOf("last_enqueued_time_utc");
    static final Symbol RETRIEVAL_TIME = Symbol.valueOf("runtime_info_retrieval_time_utc");
    /** The most events one read takes from the log, whatever the credit. */
    static final int MAX_BATCH = 256;

    /** An event ready to go: its delivery tag is its sequence number. */
    record Outgoing(long sequenceNumber, byte[] message) {
    }

    private final ProtonDriver driver;
    private final Sender sender;
    private final Executor log;
    private final EventHub hub;
    private final int partition;
    private final String consumerGroup;
    private final StartPosition start;
    private final boolean runtimeMetric;
    private final Clock clock;
    private final String claimKey;
    private final ArrayDeque<Outgoing> ready = new ArrayDeque<>();
    private EventHubReaders.Registration registration;
    /** Log executor only. */
    private PartitionCursor cursor;
    private boolean reading;
    private boolean waiting;
    private boolean started;
    private boolean closed;

    EventHubPartitionSender(ProtonDriver driver, Sender sender, Executor blockingWork, EventHub hub, int partition,
            String consumerGroup, StartPosition start, boolean runtimeMetric, Clock clock, String claimKey) {
        this.driver = driver;
        this.sender = sender;
        this.log = new SerialExecutor(blockingWork);
        this.hub = hub;
        this.partition = partition;
        this.consumerGroup = consumerGroup;
        this.start = start;
        this.runtimeMetric = runtimeMetric;
        this.clock = clock;
        this.claimKey = claimKey;
    }

    /** The link is open and the reader registered: the cursor opens now, so that {@code @latest} means now. */
    void start(EventHubReaders.Registration registration) {
        this.registration = registration;
        this.started = true;
        log.execute(() -> {
            try {
                cursor();
            } catch (RuntimeException e) {
                driver.execute(() -> failed(e));
            }
        });
        pump();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void onFlow() {
        pump();
    }

    @Override
    public void onWritable() {
        pump();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.remotelySettled() || delivery.getRemoteState() != null) {
            delivery.settle();
        }
    }

    private void pump() {
        if (closed || !started) {
            return;
        }
        while (!ready.isEmpty() && sender.getCredit() > 0 && driver.isWritable()) {
            send(ready.poll());
        }
        if (!ready.isEmpty() || reading || waiting || sender.getCredit() <= 0 || !driver.isWritable()) {
            return;
        }
        reading = true;
        int max = Math.min(sender.getCredit(), MAX_BATCH);
        onLog(() -> read(max));
    }

    private void send(Outgoing event) {
        Delivery delivery = sender.delivery(ByteBuffer.allocate(Long.BYTES).putLong(event.sequenceNumber()).array());
        sender.send(event.message(), 0, event.message().length);
        sender.advance();
        if (sender.getSenderSettleMode() == SenderSettleMode.SETTLED) {
            delivery.settle();
        }
    }

    /** Log executor: the next events, encoded. */
    private List<Outgoing> read(int max) {
        List<StoredEvent> events = cursor().next(max);
        if (events.isEmpty()) {
            return List.of();
        }
        PartitionState state = runtimeMetric ? hub.partition(partition) : null;
        Instant now = clock.instant();
        List<Outgoing> out = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            out.add(new Outgoing(event.sequenceNumber(), message(event, state, now)));
        }
        return out;
    }

    private void onRead(List<Outgoing> events) {
        reading = false;
        if (closed) {
            return;
        }
        if (events.isEmpty()) {
            if (sender.getDrain()) {
                sender.drained();
            }
            waitForEvents();
            return;
        }
        ready.addAll(events);
        pump();
    }

    /** At the end of the partition: the log calls back once more arrived. */
    private void waitForEvents() {
        if (waiting) {
            return;
        }
        waiting = true;
        log.execute(() -> {
            try {
                cursor().whenAvailable(() -> driver.execute(() -> {
                    waiting = false;
                    pump();
                }));
            } catch (RuntimeException e) {
                driver.execute(() -> failed(e));
            }
        });
    }

    /** The cursor, opened on first use. Log executor only. */
    private PartitionCursor cursor() {
        if (cursor == null) {
            cursor = hub.open(partition, start);
        }
        return cursor;
    }

    /** Runs {@code call} on the log executor, its events back on the event loop. */
    private void onLog(Supplier<List<Outgoing>> call) {
        log.execute(() -> {
            List<Outgoing> events;
            try {
                events = call.get();
            } catch (RuntimeException e) {
                driver.execute(() -> failed(e));
                return;
            }
            driver.execute(() -> onRead(events));
        });
    }

    private void failed(RuntimeException e) {
        if (closed) {
            return;
        }
        AmqpLogger.LOG.eventHubReadFailed(partition, consumerGroup, String.valueOf(e.getMessage()));
        sender.setCondition(AmqpConditions.of(AmqpConditions.INTERNAL_ERROR, "The hub cannot read the partition; attach again."));
        sender.close();
        onClosed();
    }

    /**
     * The message a receiver gets for {@code event}: the stored message with the Event Hubs annotations added and,
     * when {@code state} is given, the partition's last enqueued event as delivery annotations.
     *
     * @param state {@code null} unless the receiver asked for runtime metrics
     */
    static byte[] message(StoredEvent event, PartitionState state, Instant now) {
        Message message = Message.Factory.create();
        message.decode(event.message(), 0, event.message().length);
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        if (message.getMessageAnnotations() != null && message.getMessageAnnotations().getValue() != null) {
            annotations.putAll(message.getMessageAnnotations().getValue());
        }
        annotations.put(SEQUENCE_NUMBER, event.sequenceNumber());
        annotations.put(OFFSET, Long.toString(event.offset()));
        annotations.put(ENQUEUED_TIME, Date.from(event.enqueuedTime()));
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        if (state != null) {
            Map<Symbol, Object> runtime = new LinkedHashMap<>();
            runtime.put(LAST_SEQUENCE_NUMBER, state.lastEnqueuedSequenceNumber());
            runtime.put(LAST_OFFSET, Long.toString(state.lastEnqueuedOffset()));
            runtime.put(LAST_ENQUEUED_TIME, Date.from(EventHubManagementNode.orEpoch(state.lastEnqueuedTime())));
            runtime.put(RETRIEVAL_TIME, Date.from(now));
            message.setDeliveryAnnotations(new DeliveryAnnotations(runtime));
        }
        return AmqpMessages.encode(message);
    }

    @Override
    public String claimKey() {
        return claimKey;
    }

    @Override
    public void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.leave();
        }
        log.execute(() -> {
            if (cursor != null) {
                cursor.close();
            }
        });
    }
}
