package org.openiothub.gateway.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.openiothub.errors.HubException;

/**
 * A link on which a peer hands the hub messages to keep: each is accepted only once stored durably, else rejected
 * with an error condition (the SDKs fail on a rejection without one), so that the peer knows what to do. Storing
 * completes off the event loop; its outcome comes back to it. Credit is the window of messages on their way to the
 * store: a peer has at most the initial credit of them unsettled.
 */
abstract class StoringReceiver implements LinkEndpoint {

    private final ProtonDriver driver;
    private final Receiver receiver;
    private final int maxDeliveryBytes;
    private boolean closed;

    /** @param maxDeliveryBytes a delivery's encoded size beyond which it cannot hold a message within the limit */
    StoringReceiver(ProtonDriver driver, Receiver receiver, int credit, int maxDeliveryBytes) {
        this.driver = driver;
        this.receiver = receiver;
        this.maxDeliveryBytes = maxDeliveryBytes;
        receiver.flow(credit);
    }

    /**
     * Starts storing {@code message} (event loop; must not block).
     *
     * @throws HubException when the message is refused as it is: rejected with the condition of its error code
     */
    abstract CompletionStage<?> store(Message message);

    /** The condition a message is rejected with when storing it failed with {@code cause}. */
    abstract ErrorCondition notStored(Throwable cause);

    /** What the peer is told when a delivery grows beyond the limit; the link then closes. */
    abstract String tooLarge();

    @Override
    public final void onDelivery(Delivery delivery) {
        if (delivery.isPartial()) {
            if (delivery.pending() > maxDeliveryBytes) {
                receiver.setCondition(AmqpConditions.of(AmqpConditions.MESSAGE_SIZE_EXCEEDED, tooLarge()));
                receiver.close();
            }
            return;
        }
        CompletionStage<?> stored;
        try {
            stored = store(AmqpMessages.receive(receiver, delivery));
        } catch (DecodeException e) {
            settle(delivery, rejected(AmqpConditions.of(AmqpConditions.DECODE_ERROR, "Not an AMQP message: " + e.getMessage())));
            return;
        } catch (HubException e) {
            settle(delivery, rejected(AmqpConditions.of(e)));
            return;
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, failure) -> driver.execute(() -> onStored(delivery, failure)));
    }

    private void onStored(Delivery delivery, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure == null) {
            settle(delivery, Accepted.getInstance());
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        settle(delivery, rejected(notStored(cause)));
    }

    private void settle(Delivery delivery, DeliveryState outcome) {
        if (!delivery.remotelySettled()) {
            delivery.disposition(outcome);
        }
        delivery.settle();
        if (!closed) {
            receiver.flow(1);
        }
    }

    private static Rejected rejected(ErrorCondition error) {
        Rejected rejected = new Rejected();
        rejected.setError(error);
        return rejected;
    }

    @Override
    public void onClosed() {
        closed = true;
    }
}
