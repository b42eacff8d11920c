package org.openiothub.telemetry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.apache.activemq.artemis.protocol.amqp.util.NettyWritable;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.messaging.SystemProperty;

/**
 * How a {@link TelemetryMessage} is stored: as the AMQP 1.0 message that IoT Hub's Event Hubs-compatible endpoint
 * gives a back end, encoded once here so that the broker hands the same bytes to every AMQP reader without
 * converting anything. Sections, in their AMQP order: a durable header; message annotations
 * ({@code iothub-connection-device-id}, {@code iothub-enqueuedtime} as a timestamp, ...); properties (message-id,
 * correlation-id and user-id as the device set them, content type and encoding, creation time from {@code $.ctime},
 * absolute expiry time from {@code $.exp}); the device's application properties; one data section with the body.
 */
final class AmqpTelemetryMessages {

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

    /** Beyond the body: the sections' own bytes and the usual properties, so that the buffer rarely grows. */
    private static final int ENCODING_ROOM = 512;

    private static final ThreadLocal<EncoderImpl> ENCODER = ThreadLocal.withInitial(() -> {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        return encoder;
    });

    private AmqpTelemetryMessages() {
    }

    /** The encoded AMQP message, a bare message as a producer would transfer it (message format 0). */
    static byte[] encode(TelemetryMessage message) {
        Header header = new Header();
        header.setDurable(true);

        ByteBuf buffer = Unpooled.buffer(message.body().length + ENCODING_ROOM);
        EncoderImpl encoder = ENCODER.get();
        encoder.setByteBuffer(new NettyWritable(buffer));
        try {
            encoder.writeObject(header);
            encoder.writeObject(annotations(message));
            encoder.writeObject(properties(message));
            encoder.writeObject(applicationProperties(message));
            encoder.writeObject(new Data(new Binary(message.body())));
        } finally {
            encoder.setByteBuffer((WritableBuffer) null);
        }
        byte[] encoded = new byte[buffer.readableBytes()];
        buffer.readBytes(encoded);
        return encoded;
    }

    /** The connection's identity comes from its authentication, never from what the device wrote. */
    private static MessageAnnotations annotations(TelemetryMessage message) {
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        DeviceIdentity device = message.device();
        annotations.put(Symbol.valueOf(DEVICE_ID), device.deviceId());
        putIfPresent(annotations, MODULE_ID, device.moduleId());
        annotations.put(Symbol.valueOf(AUTH_METHOD), device.authMethodJson());
        putIfPresent(annotations, AUTH_GENERATION_ID, device.generationId());
        annotations.put(Symbol.valueOf(ENQUEUED_TIME), Date.from(message.enqueuedTime()));
        annotations.put(Symbol.valueOf(MESSAGE_SOURCE), "Telemetry");
        putIfPresent(annotations, INTERFACE_ID, message.systemProperty(SystemProperty.INTERFACE_ID));
        putIfPresent(annotations, COMPONENT, message.systemProperty(SystemProperty.COMPONENT_NAME));
        putIfPresent(annotations, OUTPUT_NAME, message.systemProperty(SystemProperty.OUTPUT_NAME));
        putIfPresent(annotations, MODEL_ID, message.modelId());
        return new MessageAnnotations(annotations);
    }

    private static Properties properties(TelemetryMessage message) {
        Properties properties = new Properties();
        properties.setMessageId(message.messageId());
        properties.setCorrelationId(message.correlationId());
        String userId = message.systemProperty(SystemProperty.USER_ID);
        if (userId != null && !userId.isEmpty()) {
            properties.setUserId(new Binary(userId.getBytes(StandardCharsets.UTF_8)));
        }
        properties.setContentType(symbolOrNull(message.systemProperty(SystemProperty.CONTENT_TYPE)));
        properties.setContentEncoding(symbolOrNull(message.systemProperty(SystemProperty.CONTENT_ENCODING)));
        properties.setCreationTime(dateOrNull(message.systemProperty(SystemProperty.CREATION_TIME)));
        properties.setAbsoluteExpiryTime(dateOrNull(message.systemProperty(SystemProperty.EXPIRY_TIME)));
        return properties;
    }

    private static ApplicationProperties applicationProperties(TelemetryMessage message) {
        Map<String, Object> application = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : message.applicationProperties().entrySet()) {
            if (!isReserved(property.getKey())) {
                application.put(property.getKey(), property.getValue());
            }
        }
        String creationTime = message.systemProperty(SystemProperty.CREATION_TIME);
        if (creationTime != null && !creationTime.isEmpty()) {
            application.put(CREATION_TIME, creationTime);
        }
        return new ApplicationProperties(application);
    }

    /**
     * Application property names Artemis gives a meaning to when it routes a message (its own headers such as
     * {@code _AMQ_DUPL_ID}, {@code _AMQ_ROUTE_TO}, {@code _AMQ_SCHED_DELIVERY}) or when it converts one for a JMS
     * or core reader ({@code JMS...}, {@code NATIVE_MESSAGE_ID}). A device must not reach them, so such properties
     * are not forwarded.
     */
    static boolean isReserved(String name) {
        return name.startsWith("_AMQ") || name.startsWith("__AMQ") || name.startsWith("_HQ")
                || name.startsWith("JMS") || name.equals("NATIVE_MESSAGE_ID");
    }

    /** An ISO 8601 instant ({@code $.ctime}, {@code $.exp}) as a date, or {@code null} when absent or unreadable. */
    static Date dateOrNull(String isoInstant) {
        if (isoInstant == null || isoInstant.isEmpty()) {
            return null;
        }
        try {
            return Date.from(Instant.parse(isoInstant));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Symbol symbolOrNull(String value) {
        return value == null || value.isEmpty() ? null : Symbol.valueOf(value);
    }

    private static void putIfPresent(Map<Symbol, Object> annotations, String name, String value) {
        if (value != null && !value.isEmpty()) {
            annotations.put(Symbol.valueOf(name), value);
        }
    }
}
