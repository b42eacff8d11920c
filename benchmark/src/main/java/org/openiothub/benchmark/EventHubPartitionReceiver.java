package org.openiothub.benchmark;

import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * One Event Hubs partition receiver on an {@link AmqpClientConnection}, shaped as the Java Event Hubs SDK's: a
 * put-token for {@code amqp://<host>/<eh>/ConsumerGroups/<cg>/Partitions/<p>} signed with the key text, then in its
 * own session a receiving link from that address with a selector filter for the start, unsettled deliveries
 * (receiver-settle-mode second), {@code prefetch} credit topped up as events are taken, each event decoded (as the
 * SDK turns it into an {@code EventData}) and accepted at once. Counts the events and checks their sequence
 * numbers: each partition's are consecutive, so a number seen again is a duplicate and one skipped is a gap.
 * Confined to the connection's event loop but for the counters, which any thread reads.
 */
final class EventHubPartitionReceiver implements AmqpCbsClient {

    static final Symbol SELECTOR_FILTER = Symbol.valueOf("apache.org:selector-filter:string");
    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol OFFSET = Symbol.valueOf("x-opt-offset");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    static final Symbol RECEIVER_NAME = Symbol.valueOf("com.microsoft:receiver-name");
    static final Symbol GEOREPLICATION = Symbol.valueOf("com.microsoft:georeplication");
    static final String EARLIEST = "amqp.annotation.x-opt-offset > '-1'";
    static final String LATEST = "amqp.annotation.x-opt-offset > '@latest'";

    private final String address;
    private final String audience;
    private final String token;
    private final String filter;
    private final int prefetch;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicLong received = new AtomicLong();
    private final SequenceCheck sequence = new SequenceCheck();
    private Session session;
    private Receiver receiver;
    /** Credit given and not yet used by a delivery. */
    private int credit;
    private final AtomicLong malformed = new AtomicLong();
    private volatile String failure;

    /**
     * @param keyText  the policy's key as its text: Event Hubs tokens are signed with its UTF-8 bytes
     * @param earliest whether to start at the partition's first event rather than after its last
     */
    EventHubPartitionReceiver(String hubHostName, String eventHub, String consumerGroup, int partition,
            String keyName, String keyText, long tokenExpiry, int prefetch, boolean earliest) {
        this.address = eventHub + "/ConsumerGroups/" + consumerGroup + "/Partitions/" + partition;
        this.audience = "amqp://" + hubHostName + "/" + address;
        this.token = SasTokens.forEventHub(audience, keyName, keyText, tokenExpiry);
        this.filter = earliest ? EARLIEST : LATEST;
        this.prefetch = prefetch;
    }

    @Override
    public String audience() {
        return audience;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public void begin(Session newSession) {
        session = newSession;
        session.open();
    }

    @Override
    public void authorized() {
        receiver = session.receiver(address + "_" + UUID.randomUUID().toString().substring(0, 8));
        Source source = new Source();
        source.setAddress(address);
        source.setFilter(Map.of(SELECTOR_FILTER, new UnknownDescribedType(SELECTOR_FILTER, filter)));
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        receiver.setReceiverSettleMode(ReceiverSettleMode.SECOND);
        receiver.setProperties(Map.of(RECEIVER_NAME, receiver.getName(),
                AmqpClientConnection.API_VERSION, AmqpClientConnection.API_VERSION_VALUE));
        receiver.setDesiredCapabilities(new Symbol[] {GEOREPLICATION});
        receiver.setContext(this);
        receiver.open();
        receiver.flow(prefetch);
        credit = prefetch;
    }

    @Override
    public void attached() {
        ready.complete(null);
    }

    @Override
    public void flow() {
        // the hub's flow frames change nothing for a receiver that tops up its own credit
    }

    @Override
    public void received(Delivery delivery) {
        if (delivery.isPartial()) {
            return;
        }
        byte[] bytes = new byte[delivery.pending()];
        int length = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        Message message = Message.Factory.create();
        message.decode(bytes, 0, Math.max(length, 0));
        delivery.disposition(Accepted.getInstance());
        delivery.settle();
        received.incrementAndGet();
        Map<Symbol, Object> annotations = message.getMessageAnnotations() == null ? Map.of()
                : message.getMessageAnnotations().getValue();
        // The SDK throws on an event without these, of these types.
        if (annotations.get(SEQUENCE_NUMBER) instanceof Long number && annotations.get(OFFSET) instanceof String
                && annotations.get(ENQUEUED_TIME) instanceof Date) {
            sequence.record(number);
        } else {
            malformed.incrementAndGet();
            if (failure == null) {
                failure = "an event lacks x-opt-sequence-number (long), x-opt-offset (string) or x-opt-enqueued-time"
                        + " (timestamp): " + annotations;
            }
        }
        if (--credit <= prefetch / 2) {
            receiver.flow(prefetch - credit);
            credit = prefetch;
        }
    }

    @Override
    public void settled(Delivery delivery) {
        // only receives
    }

    @Override
    public void fail(String reason) {
        ready.completeExceptionally(new IllegalStateException(reason));
    }

    @Override
    public void closed(boolean expected, String reason) {
        if (!ready.isDone()) {
            fail(reason);
        } else if (!expected && failure == null) {
            failure = address + ": " + reason;
        }
    }

    /** Events received, duplicates included. */
    long received() {
        return received.get();
    }

    SequenceCheck sequence() {
        return sequence;
    }

    long malformed() {
        return malformed.get();
    }

    String address() {
        return address;
    }

    /** Why the receiver stopped or an event was refused, or {@code null}. */
    String failure() {
        return failure;
    }

    /**
     * The sequence numbers of one partition's events as they arrive: consecutive from the first one seen. One
     * writer; the counts may be read from any thread.
     */
    static final class SequenceCheck {

        private final AtomicLong next = new AtomicLong(-1);
        private final AtomicLong distinct = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong gaps = new AtomicLong();

        void record(long number) {
            long expected = next.get();
            if (expected >= 0 && number < expected) {
                duplicates.incrementAndGet();
                return;
            }
            if (expected >= 0 && number > expected) {
                gaps.addAndGet(number - expected);
            }
            distinct.incrementAndGet();
            next.set(number + 1);
        }

        /** Events with a number not seen before. */
        long distinct() {
            return distinct.get();
        }

        /** Events whose number was seen before. */
        long duplicates() {
            return duplicates.get();
        }

        /** Numbers skipped between the first event and the last: events never received. */
        long gaps() {
            return gaps.get();
        }
    }
}
