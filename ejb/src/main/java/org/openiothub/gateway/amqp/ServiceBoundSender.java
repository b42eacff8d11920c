package org.openiothub.gateway.amqp;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.openiothub.gateway.amqp.ServiceBoundQueues.Reader;
import org.openiothub.gateway.amqp.ServiceBoundQueues.Taken;

/**
 * A back end's link from a service-bound node (feedback, file notifications): sends what waits in the node's
 * broker queue, each message as one delivery with a data body, taking from the queue only as much as the link has
 * credit for (at most {@value #MAX_IN_FLIGHT} unsettled). A message leaves the queue only once the back end
 * accepted it; the first settled outcome counts (the Node SDK accepts on arrival and may settle again later). Any
 * other outcome, or the link's end, puts it back for the next reader: once every delivery of the link is settled,
 * so that none the back end still holds is given out twice. The reader's broker calls run off the event loop, one
 * at a time; their results come back to it. An empty queue is looked at again every {@value #POLL_MILLIS} ms.
 */
final class ServiceBoundSender implements LinkEndpoint {

    static final int MAX_IN_FLIGHT = 16;
    static final long POLL_MILLIS = 1_000;

    /** What a back end's disposition asks of a sent message. */
    enum Outcome {
        /** Nothing final yet. */
        PENDING,
        /** Accepted: it leaves the queue. */
        ACKNOWLEDGE,
        /** Released, modified, rejected, or settled without an outcome: it goes back to the queue. */
        PUT_BACK
    }

    private final ProtonDriver driver;
    private final Sender sender;
    private final String contentType;
    private final Executor broker;
    private final Reader reader;
    private int inFlight;
    private boolean taking;
    private boolean puttingBack;
    private ScheduledFuture<?> poll;
    private boolean closed;

    /**
     * @param open opens the link's reader; it runs on {@code blockingWork}, the link already open
     */
    ServiceBoundSender(ProtonDriver driver, Sender sender, String contentType, Executor blockingWork,
            Supplier<Reader> open) {
        this.driver = driver;
        this.sender = sender;
        this.contentType = contentType;
        this.broker = new SerialExecutor(blockingWork);
        this.reader = new LazyReader(open);
    }

    static Outcome outcomeOf(DeliveryState remote, boolean remotelySettled) {
        if (remote instanceof Accepted) {
            return Outcome.ACKNOWLEDGE;
        }
        if (remote instanceof org.apache.qpid.proton.amqp.messaging.Outcome || remotelySettled) {
            return Outcome.PUT_BACK;
        }
        return Outcome.PENDING;
    }

    /** The AMQP message of a queued one: its body as the single data section the service SDKs read. */
    static Message messageOf(Taken taken, String contentType) {
        Message message = Message.Factory.create();
        message.setMessageId(taken.messageId());
        message.setContentType(contentType);
        message.setBody(new Data(new Binary(taken.body())));
        return message;
    }

    @Override
    public void onFlow() {
        take();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (!(delivery.getContext() instanceof Taken taken)) {
            return;
        }
        Outcome outcome = outcomeOf(delivery.getRemoteState(), delivery.remotelySettled());
        if (outcome == Outcome.PENDING) {
            return;
        }
        delivery.setContext(null);
        delivery.settle();
        inFlight--;
        if (outcome == Outcome.ACKNOWLEDGE) {
            onBroker(() -> reader.acknowledge(taken), ignored -> take());
        } else {
            puttingBack = true;
        }
        putBackWhenSettled();
        take();
    }

    /** Puts back what the back end released once it holds nothing unsettled; taking resumes after. */
    private void putBackWhenSettled() {
        if (puttingBack && inFlight == 0 && !closed) {
            onBroker(reader::putBack, ignored -> {
                puttingBack = false;
                take();
            });
        }
    }

    private void take() {
        if (closed || taking || puttingBack || inFlight >= MAX_IN_FLIGHT || sender.getCredit() <= 0) {
            return;
        }
        taking = true;
        onBroker(reader::next, this::onTaken);
    }

    private void onTaken(Taken taken) {
        taking = false;
        if (taken == null) {
            if (poll == null) {
                poll = driver.schedule(() -> {
                    poll = null;
                    take();
                }, POLL_MILLIS);
            }
            return;
        }
        Delivery delivery = AmqpMessages.send(sender, messageOf(taken, contentType));
        delivery.setContext(taken);
        inFlight++;
        take();
    }

    /** Runs {@code call} on the broker's executor and hands its result to {@code then} on the event loop. */
    private <T> void onBroker(Supplier<T> call, Consumer<T> then) {
        broker.execute(() -> {
            T result;
            try {
                result = call.get();
            } catch (RuntimeException e) {
                driver.execute(() -> failed(e));
                return;
            }
            driver.execute(() -> {
                if (!closed) {
                    then.accept(result);
                }
            });
        });
    }

    private void onBroker(Runnable call, Consumer<Void> then) {
        onBroker(() -> {
            call.run();
            return null;
        }, then);
    }

    /** The broker failed the link: it ends, and what it took goes back with its reader. */
    private void failed(RuntimeException e) {
        if (closed) {
            return;
        }
        AmqpLogger.LOG.serviceBoundReadFailed(String.valueOf(sender.getSource() == null ? null : sender.getSource().getAddress()),
                String.valueOf(e.getMessage()));
        sender.setCondition(AmqpConditions.of(AmqpConditions.INTERNAL_ERROR, "The hub cannot read the queue; attach again."));
        sender.close();
        onClosed();
    }

    @Override
    public String claimKey() {
        return Claim.Service.KEY;
    }

    @Override
    public void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (poll != null) {
            poll.cancel(false);
        }
        broker.execute(reader::close);
    }

    /** Opens the broker reader on first use, on the broker's executor. */
    private static final class LazyReader implements Reader {

        private final Supplier<Reader> open;
        private Reader reader;

        LazyReader(Supplier<Reader> open) {
            this.open = open;
        }

        private Reader reader() {
            if (reader == null) {
                reader = open.get();
            }
            return reader;
        }

        @Override
        public Taken next() {
            return reader().next();
        }

        @Override
        public void acknowledge(Taken message) {
            reader().acknowledge(message);
        }

        @Override
        public void putBack() {
            reader().putBack();
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
