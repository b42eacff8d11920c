package org.openiothub.telemetry;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.activemq.artemis.api.core.FilterConstants;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.messaging.SystemProperty;

/**
 * How a {@link TelemetryMessage} becomes an Artemis core message, so that an AMQP 1.0 back end reading the
 * built-in endpoint on port 5672 gets what IoT Hub's Event Hubs-compatible endpoint gives it. Artemis converts
 * core messages to AMQP for AMQP consumers, reading a few conventional property names: {@code NATIVE_MESSAGE_ID}
 * becomes the message-id, {@code JMS_AMQP_ContentType}/{@code JMS_AMQP_ContentEncoding} the content type and
 * encoding, {@code JMS_AMQP_MA_<name>} a message annotation, {@code JMS_AMQP_ENCODED_MA_<name>} an annotation
 * given as an encoded AMQP value, and other properties application properties.
 */
final class ArtemisTelemetryMessages {

    static final String CONTENT_TYPE = "JMS_AMQP_ContentType";
    static final String CONTENT_ENCODING = "JMS_AMQP_ContentEncoding";
    static final String ANNOTATION = "JMS_AMQP_MA_";
    static final String ENCODED_ANNOTATION = "JMS_AMQP_ENCODED_MA_";

    static final String DEVICE_ID = "iothub-connection-device-id";
    static final String MODULE_ID = "iothub-connection-module-id";
    static final String AUTH_METHOD = "iothub-connection-auth-method";
    static final String AUTH_GENERATION_ID = "iothub-connection-auth-generation-id";
    static final String ENQUEUED_TIME = "iothub-enqueuedtime";
    static final String MESSAGE_SOURCE = "iothub-message-source";
    static final String INTERFACE_ID = "iothub-interface-id";
    static final String OUTPUT_NAME = "iothub-outputname";
    static final String COMPONENT = "dt-subject";
    static final String MODEL_ID = "dt-dataschema";
    /** Where the AMQP device SDKs put the device's creation time; MQTT devices send it as {@code $.ctime}. */
    static final String CREATION_TIME = "iothub-creation-time-utc";

    /** AMQP 1.0 type code of a timestamp: milliseconds since the epoch, 64-bit big-endian. */
    private static final byte AMQP_TIMESTAMP = (byte) 0x83;
    /** Artemis reads ids starting with this as its own encodings of non-string AMQP ids. */
    private static final String ARTEMIS_ENCODED_ID = "ID:AMQP_";
    private static final String ARTEMIS_STRING_ID = "ID:AMQP_STRING:";

    private ArtemisTelemetryMessages() {
    }

    /** The core message's expiration: the device's {@code $.exp}, or 0 (never) when absent or unreadable. */
    static long expiration(TelemetryMessage message) {
        return epochMillis(message.systemProperty(SystemProperty.EXPIRY_TIME));
    }

    /** The core timestamp, which becomes AMQP creation-time: the device's {@code $.ctime}, or 0 (none). */
    static long timestamp(TelemetryMessage message) {
        return epochMillis(message.systemProperty(SystemProperty.CREATION_TIME));
    }

    /** Writes body and properties into {@code core}, a fresh durable bytes message. */
    static void write(TelemetryMessage message, ClientMessage core) {
        core.getBodyBuffer().writeBytes(message.body());

        String messageId = message.messageId();
        if (messageId != null) {
            core.putStringProperty(FilterConstants.NATIVE_MESSAGE_ID, amqpId(messageId));
        }
        String correlationId = message.correlationId();
        if (correlationId != null) {
            core.setCorrelationID(amqpId(correlationId));
        }
        putIfPresent(core, Message.HDR_VALIDATED_USER.toString(), message.systemProperty(SystemProperty.USER_ID));
        putIfPresent(core, CONTENT_TYPE, message.systemProperty(SystemProperty.CONTENT_TYPE));
        putIfPresent(core, CONTENT_ENCODING, message.systemProperty(SystemProperty.CONTENT_ENCODING));

        for (Map.Entry<String, String> property : message.applicationProperties().entrySet()) {
            if (!isReserved(property.getKey())) {
                core.putStringProperty(property.getKey(), property.getValue());
            }
        }
        putIfPresent(core, CREATION_TIME, message.systemProperty(SystemProperty.CREATION_TIME));

        DeviceIdentity device = message.device();
        core.putStringProperty(ANNOTATION + DEVICE_ID, device.deviceId());
        putIfPresent(core, ANNOTATION + MODULE_ID, device.moduleId());
        core.putStringProperty(ANNOTATION + AUTH_METHOD, device.authMethodJson());
        putIfPresent(core, ANNOTATION + AUTH_GENERATION_ID, device.generationId());
        core.putBytesProperty(ENCODED_ANNOTATION + ENQUEUED_TIME, amqpTimestamp(message.enqueuedTime()));
        core.putStringProperty(ANNOTATION + MESSAGE_SOURCE, "Telemetry");
        putIfPresent(core, ANNOTATION + INTERFACE_ID, message.systemProperty(SystemProperty.INTERFACE_ID));
        putIfPresent(core, ANNOTATION + COMPONENT, message.systemProperty(SystemProperty.COMPONENT_NAME));
        putIfPresent(core, ANNOTATION + OUTPUT_NAME, message.systemProperty(SystemProperty.OUTPUT_NAME));
        putIfPresent(core, ANNOTATION + MODEL_ID, message.modelId());
    }

    /**
     * Application property names Artemis gives a meaning to: its own headers ({@code _AMQ_ROUTE_TO},
     * {@code _AMQ_SCHED_DELIVERY}, ...), JMS names and the AMQP mapping names above. A device must not reach
     * them, so such properties are not forwarded.
     */
    static boolean isReserved(String name) {
        return name.startsWith("_AMQ") || name.startsWith("__AMQ") || name.startsWith("_HQ")
                || name.startsWith("JMS") || name.equals(FilterConstants.NATIVE_MESSAGE_ID);
    }

    /**
     * An id as the converter must see it to hand it on unchanged: Artemis decodes ids starting with
     * {@code ID:AMQP_} (as UUIDs, numbers, binaries), so such a device id is wrapped as an explicit string.
     */
    static String amqpId(String id) {
        return id.startsWith(ARTEMIS_ENCODED_ID) ? ARTEMIS_STRING_ID + id : id;
    }

    /** An AMQP timestamp, encoded, since core properties have no date type and Event Hubs readers expect one. */
    static byte[] amqpTimestamp(Instant instant) {
        return ByteBuffer.allocate(9).put(AMQP_TIMESTAMP).putLong(instant.toEpochMilli()).array();
    }

    private static void putIfPresent(ClientMessage core, String name, String value) {
        if (value != null && !value.isEmpty()) {
            core.putStringProperty(name, value);
        }
    }

    private static long epochMillis(String isoInstant) {
        if (isoInstant == null || isoInstant.isEmpty()) {
            return 0;
        }
        try {
            return Instant.parse(isoInstant).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
