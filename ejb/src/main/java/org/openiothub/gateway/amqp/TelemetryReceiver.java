package org.openiothub.gateway.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.telemetry.TelemetryMessage;

/**
 * A device's link to {@code /devices/{id}/messages/events}: each message is stored durably before its disposition
 * says {@code accepted}; one that cannot be stored is rejected with {@code amqp:internal-error}, so that the
 * device sends it again. Credit is the stored-but-unconfirmed window: a device can have at most
 * {@value #CREDIT} messages on their way to the store.
 */
final class TelemetryReceiver extends StoringReceiver {

    /** IoT Hub's limit for a device-to-cloud message. */
    static final int MAX_TELEMETRY_BYTES = 256 * 1024;
    /** A delivery's encoded size beyond which it cannot be a message within the limit (properties included). */
    static final int MAX_DELIVERY_BYTES = MAX_TELEMETRY_BYTES + 64 * 1024;
    static final int CREDIT = 64;

    private final AmqpServices services;
    private final DeviceIdentity device;

    TelemetryReceiver(AmqpServices services, ProtonDriver driver, Receiver receiver, DeviceIdentity device) {
        super(driver, receiver, CREDIT, MAX_DELIVERY_BYTES);
        this.services = services;
        this.device = device;
    }

    @Override
    CompletionStage<?> store(Message message) {
        byte[] body = AmqpMessages.bodyBytes(message);
        if (body == null) {
            throw HubException.invalid("A device-to-cloud message's body is a data section.");
        }
        if (body.length > MAX_TELEMETRY_BYTES) {
            throw new HubException(ErrorCode.MESSAGE_TOO_LARGE,
                    "The message of " + body.length + " bytes is over the limit of " + MAX_TELEMETRY_BYTES + ".");
        }
        MessageProperties properties = AmqpProperties.ofTelemetry(message);
        TelemetryMessage telemetry = new TelemetryMessage(device, null, body, properties, services.clock().instant());
        activity();
        try {
            return services.telemetry().send(telemetry);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // not the message's fault: the device sends it again
        }
    }

    @Override
    ErrorCondition notStored(Throwable cause) {
        AmqpLogger.LOG.telemetryNotStored(device.deviceId(), String.valueOf(cause));
        return AmqpConditions.of(AmqpConditions.INTERNAL_ERROR, "The message could not be stored; send it again.");
    }

    @Override
    String tooLarge() {
        return "A device-to-cloud message is at most " + MAX_TELEMETRY_BYTES + " bytes.";
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
}
