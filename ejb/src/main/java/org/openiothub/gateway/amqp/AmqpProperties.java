package org.openiothub.gateway.amqp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

/** IoT Hub's system and application properties as AMQP carries them. */
final class AmqpProperties {

    /** Message annotations devices set that IoT Hub keeps as system properties. */
    private static final Map<String, SystemProperty> ANNOTATIONS = Map.of(
            "iothub-interface-id", SystemProperty.INTERFACE_ID,
            "dt-subject", SystemProperty.COMPONENT_NAME,
            "iothub-outputname", SystemProperty.OUTPUT_NAME);

    private AmqpProperties() {
    }

    /** The properties of a device's message: the AMQP properties section, IoT Hub's annotations, the application properties. */
    static MessageProperties ofTelemetry(Message message) {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        put(system, SystemProperty.MESSAGE_ID, idText(message.getMessageId()));
        put(system, SystemProperty.CORRELATION_ID, idText(message.getCorrelationId()));
        put(system, SystemProperty.TO, message.getAddress());
        byte[] userId = message.getUserId();
        if (userId != null && userId.length > 0) {
            put(system, SystemProperty.USER_ID, new String(userId, StandardCharsets.UTF_8));
        }
        put(system, SystemProperty.CONTENT_TYPE, message.getContentType());
        put(system, SystemProperty.CONTENT_ENCODING, message.getContentEncoding());
        if (message.getExpiryTime() > 0) {
            put(system, SystemProperty.EXPIRY_TIME, Instant.ofEpochMilli(message.getExpiryTime()).toString());
        }
        if (message.getCreationTime() > 0) {
            put(system, SystemProperty.CREATION_TIME, Instant.ofEpochMilli(message.getCreationTime()).toString());
        }
        MessageAnnotations annotations = message.getMessageAnnotations();
        if (annotations != null && annotations.getValue() != null) {
            annotations.getValue().forEach((name, value) -> {
                SystemProperty property = ANNOTATIONS.get(String.valueOf(name));
                if (property != null && value != null) {
                    put(system, property, String.valueOf(value));
                }
            });
        }
        return new MessageProperties(system, application(message));
    }

    /** The application properties as text, in the order the sender wrote them; {@code null} values left out. */
    static Map<String, String> application(Message message) {
        Map<String, String> application = new LinkedHashMap<>();
        ApplicationProperties properties = message.getApplicationProperties();
        if (properties != null && properties.getValue() != null) {
            properties.getValue().forEach((name, value) -> {
                if (name != null && value != null) {
                    application.put(String.valueOf(name), String.valueOf(value));
                }
            });
        }
        return application;
    }

    /** An application property's value as sent, {@code null} when absent. */
    static Object applicationValue(Message message, String name) {
        ApplicationProperties properties = message.getApplicationProperties();
        return properties == null || properties.getValue() == null ? null : properties.getValue().get(name);
    }

    /** A message annotation's value as sent, {@code null} when absent. */
    static Object annotation(Message message, String name) {
        MessageAnnotations annotations = message.getMessageAnnotations();
        return annotations == null || annotations.getValue() == null ? null : annotations.getValue().get(Symbol.valueOf(name));
    }

    /** A message or correlation id as text: AMQP allows strings, UUIDs, ulongs and binary. */
    static String idText(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof Binary binary) {
            return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8);
        }
        return id instanceof Symbol symbol ? symbol.toString() : id.toString();
    }

    private static void put(Map<SystemProperty, String> system, SystemProperty property, String value) {
        if (value != null && !value.isEmpty()) {
            system.put(property, value);
        }
    }
}
