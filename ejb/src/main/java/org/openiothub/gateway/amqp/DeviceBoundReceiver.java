package org.openiothub.gateway.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
 * A back end's link to {@code /messages/devicebound}: each message is queued for its device as the REST API queues
 * it, and only then (durably queued) accepted; one that cannot be queued is rejected with the condition the
 * service SDKs turn into IoT Hub's exceptions ({@code amqp:not-found} for an unknown device,
 * {@code amqp:resource-limit-exceeded} for a full queue, {@code amqp:link:message-size-exceeded}). Queuing blocks
 * on the database, so it runs off the event loop. Credit is the window of messages on their way to the queue.
 */
final class DeviceBoundReceiver implements LinkEndpoint {

    static final int CREDIT = 32;
    /** A delivery's encoded size beyond which it cannot be a message within the limit (properties included). */
    static final int MAX_DELIVERY_BYTES = 256 * 1024;

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final Receiver receiver;
    private boolean closed;

    DeviceBoundReceiver(AmqpServices services, ProtonDriver driver, Receiver receiver) {
        this.services = services;
        this.driver = driver;
        this.receiver = receiver;
        receiver.flow(CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isPartial()) {
            if (delivery.pending() > MAX_DELIVERY_BYTES) {
                receiver.setCondition(AmqpConditions.of(AmqpConditions.MESSAGE_SIZE_EXCEEDED,
                        "A cloud-to-device message with its properties is at most " + MAX_DELIVERY_BYTES + " bytes."));
                receiver.close();
            }
            return;
        }
        DeviceBoundMessages.Addressed addressed;
        try {
            Message message = AmqpMessages.receive(receiver, delivery);
            addressed = DeviceBoundMessages.of(message);
        } catch (DecodeException e) {
            settle(delivery, rejected(AmqpConditions.of(AmqpConditions.DECODE_ERROR, "Not an AMQP message: " + e.getMessage())));
            return;
        } catch (HubException e) {
            settle(delivery, rejected(AmqpConditions.of(e)));
            return;
        }
        CompletableFuture<String> queued;
        try {
            queued = CompletableFuture.supplyAsync(
                    () -> services.cloudToDeviceQueue().enqueue(addressed.deviceId(), addressed.message()),
                    services.blockingWork());
        } catch (RuntimeException e) {
            queued = CompletableFuture.failedFuture(e);
        }
        queued.whenComplete((messageId, failure) -> driver.execute(() -> onQueued(delivery, failure)));
    }

    private void onQueued(Delivery delivery, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure == null) {
            settle(delivery, Accepted.getInstance());
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(cause instanceof HubException)) {
            AmqpLogger.LOG.cloudToDeviceNotQueued(String.valueOf(cause));
        }
        settle(delivery, rejected(AmqpConditions.of(cause)));
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
    public String claimKey() {
        return Claim.Service.KEY;
    }

    @Override
    public void onClosed() {
        closed = true;
    }
}
