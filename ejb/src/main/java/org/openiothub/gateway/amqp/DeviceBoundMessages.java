package org.openiothub.gateway.amqp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.apache.qpid.proton.message.Message;
import org.openiothub.c2d.Ack;
import org.openiothub.c2d.CloudToDeviceMessage;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.DeviceIds;

/**
 * What a back end's message on {@code /messages/devicebound} asks for: the device in its {@code to}
 * ({@code /devices/{id}/messages/devicebound}, the id URL-encoded or not), and the message with its properties,
 * {@code iothub-ack} taken out of the application properties. The same rules as the REST API's apply, since the
 * message they build checks them.
 */
final class DeviceBoundMessages {

    static final String ACK = "iothub-ack";

    /** A message for a device, ready to queue. */
    record Addressed(String deviceId, CloudToDeviceMessage message) {
    }

    private DeviceBoundMessages() {
    }

    /**
     * @throws HubException {@code ArgumentInvalid} for a missing or malformed {@code to}, an invalid device id, a
     *                      body that is not data, or a property breaking IoT Hub's rules; {@code DeviceNotFound} for
     *                      a module's address, since modules receive no cloud-to-device messages (the REST API has
     *                      no such resource either)
     */
    static Addressed of(Message message) {
        String deviceId = deviceId(message.getAddress());
        byte[] body = AmqpMessages.bodyBytes(message);
        if (body == null) {
            throw HubException.invalid("A cloud-to-device message's body is a data section.");
        }
        Map<String, String> application = AmqpProperties.application(message);
        Ack ack = Ack.parse(application.remove(ACK));
        byte[] userId = message.getUserId();
        CloudToDeviceMessage c2d = new CloudToDeviceMessage(
                emptyAsNull(AmqpProperties.idText(message.getMessageId())),
                emptyAsNull(AmqpProperties.idText(message.getCorrelationId())),
                userId == null || userId.length == 0 ? null : new String(userId, StandardCharsets.UTF_8),
                message.getExpiryTime() > 0 ? Instant.ofEpochMilli(message.getExpiryTime()) : null,
                ack, emptyAsNull(message.getContentType()), emptyAsNull(message.getContentEncoding()),
                application, body);
        return new Addressed(deviceId, c2d);
    }

    private static String deviceId(String to) {
        if (!(AmqpAddress.parse(to) instanceof AmqpAddress.DeviceNode node)
                || node.kind() != AmqpAddress.DeviceNodeKind.CLOUD_TO_DEVICE) {
            throw HubException.invalid("A cloud-to-device message's 'to' is /devices/{deviceId}/messages/devicebound, not '"
                    + to + "'.");
        }
        if (node.moduleId() != null) {
            throw new HubException(ErrorCode.DEVICE_NOT_FOUND, "Modules receive no cloud-to-device messages: '" + to
                    + "' names module " + node.moduleId() + " of device " + node.deviceId() + ".");
        }
        return DeviceIds.require(node.deviceId());
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
