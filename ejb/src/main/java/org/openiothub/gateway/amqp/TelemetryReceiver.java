package org.openiothub.gateway.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.telemetry.TelemetryMessage;

/**
 * A device's link to {@code /devices/{id}/messages/events}: each message is stored durably before its disposition
 * says {@code accepted}; one that cannot be stored is rejected with {@code amqp:internal-error}, so that the
 * device sends it again. Credit is the stored-but-unconfirmed window: a device can have at most
 * {@value #CREDIT} messages on their way to the store.
 */
final class TelemetryReceiver implements LinkEndpoint {

    /** IoT Hub's limit for a device-to-cloud message. */
    static final int MAX_TELEMETRY_BYTES = 256 * 1024;
    /** A delivery's encoded size beyond which it cannot be a message within the limit (properties included). */
    static final int MAX_DELIVERY_BYTES = MAX_TELEMETRY_BYTES + 64 * 1024;
    static final int CREDIT = 64;

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final Receiver receiver;
    private final DeviceIdentity device;
    private boolean closed;

    TelemetryReceiver(AmqpServices services, ProtonDriver driver, Receiver receiver, DeviceIdentity device) {
        this.services = services;
        this.driver = driver;
        this.receiver = receiver;
        this.device = device;
        receiver.flow(CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isPartial()) {
            if (delivery.pending() > MAX_DELIVERY_BYTES) {
                receiver.setCondition(AmqpConditions.of(AmqpConditions.MESSAGE_SIZE_EXCEEDED,
                        "A device-to-cloud message is at most " + MAX_TELEMETRY_BYTES + " bytes."));
                receiver.close();
            }
            return;
        }
        Message message;
        try {
            message = AmqpMessages.receive(receiver, delivery);
        } catch (DecodeException e) {
            settle(delivery, rejected(AmqpConditions.DECODE_ERROR, "Not an AMQP message: " + e.getMessage()));
            return;
        }
        byte[] body = AmqpMessages.bodyBytes(message);
        if (body == null) {
            settle(delivery, rejected(AmqpConditions.ARGUMENT_ERROR, "A device-to-cloud message's body is a data section."));
            return;
        }
        if (body.length > MAX_TELEMETRY_BYTES) {
            settle(delivery, rejected(AmqpConditions.MESSAGE_SIZE_EXCEEDED,
                    "The message of " + body.length + " bytes is over the limit of " + MAX_TELEMETRY_BYTES + "."));
            return;
        }
        MessageProperties properties = AmqpProperties.ofTelemetry(message);
        TelemetryMessage telemetry = new TelemetryMessage(device, null, body, properties, services.clock().instant());
        activity();
        CompletionStage<Void> stored;
        try {
            stored = services.telemetry().send(telemetry);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, failure) -> driver.execute(() -> onStored(delivery, failure)));
    }

    private void onStored(Delivery delivery, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            AmqpLogger.LOG.telemetryNotStored(device.deviceId(), String.valueOf(cause));
            settle(delivery, rejected(AmqpConditions.INTERNAL_ERROR, "The message could not be stored; send it again."));
            return;
        }
        settle(delivery, Accepted.getInstance());
    }

    private void settle(Delivery delivery, org.apache.qpid.proton.amqp.transport.DeliveryState outcome) {
        if (!delivery.remotelySettled()) {
            delivery.disposition(outcome);
        }
        delivery.settle();
        if (!closed) {
            receiver.flow(1);
        }
    }

    private static Rejected rejected(org.apache.qpid.proton.amqp.Symbol condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        return rejected;
    }

    private void activity() {
        try {
            services.connections().activity(device);
        } catch (RuntimeException e) {
            // the registry's bookkeeping must not cost the message
        }
    }

    @Override
    public String claimKey() {
        return Claim.keyOf(device.deviceId(), device.moduleId());
    }

    @Override
    public void onClosed() {
        closed = true;
    }
}
