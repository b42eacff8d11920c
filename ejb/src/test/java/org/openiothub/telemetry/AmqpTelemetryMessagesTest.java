package org.openiothub.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.protocol.amqp.broker.AMQPStandardMessage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

class AmqpTelemetryMessagesTest {

    private static final Instant ENQUEUED = Instant.parse("2025-03-04T05:06:07.089Z");
    private static final DeviceIdentity DEVICE = new DeviceIdentity("dev1", null, "638000000000000001", CredentialKind.DEVICE_KEY);

    @Test
    void systemPropertiesBecomeTheirAmqpCounterparts() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.MESSAGE_ID, "m-1");
        system.put(SystemProperty.CORRELATION_ID, "c-1");
        system.put(SystemProperty.CONTENT_TYPE, "application/json");
        system.put(SystemProperty.CONTENT_ENCODING, "utf-8");
        system.put(SystemProperty.USER_ID, "u-1");
        system.put(SystemProperty.CONNECTION_DEVICE_ID, "spoofed");

        Message amqp = encodeAndDecode(message(DEVICE, new MessageProperties(system, Map.of())));

        assertEquals("m-1", amqp.getMessageId());
        assertEquals("c-1", amqp.getCorrelationId());
        assertEquals("application/json", amqp.getContentType());
        assertEquals("utf-8", amqp.getContentEncoding());
        assertArrayEquals("u-1".getBytes(StandardCharsets.UTF_8), amqp.getUserId());
        assertEquals("dev1", annotation(amqp, AmqpTelemetryMessages.DEVICE_ID));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), body(amqp));
    }

    @Test
    void connectionAnnotationsComeFromTheAuthenticatedIdentity() {
        DeviceIdentity module = new DeviceIdentity("dev1", "mod1", "g-2", CredentialKind.DEVICE_KEY);

        Message amqp = encodeAndDecode(message(module, MessageProperties.EMPTY));

        assertEquals("dev1", annotation(amqp, AmqpTelemetryMessages.DEVICE_ID));
        assertEquals("mod1", annotation(amqp, AmqpTelemetryMessages.MODULE_ID));
        assertEquals("g-2", annotation(amqp, AmqpTelemetryMessages.AUTH_GENERATION_ID));
        assertEquals(module.authMethodJson(), annotation(amqp, AmqpTelemetryMessages.AUTH_METHOD));
        assertEquals("Telemetry", annotation(amqp, AmqpTelemetryMessages.MESSAGE_SOURCE));
        assertNull(amqp.getMessageId());
        assertNull(amqp.getCorrelationId());
        assertNull(amqp.getContentType());
        assertEquals(0, amqp.getCreationTime());
        assertTrue(amqp.isDurable());
    }

    @Test
    void enqueuedTimeIsAnAmqpTimestamp() {
        Message amqp = encodeAndDecode(message(DEVICE, MessageProperties.EMPTY));

        assertEquals(Date.from(ENQUEUED), amqp.getMessageAnnotations().getValue().get(Symbol.valueOf(AmqpTelemetryMessages.ENQUEUED_TIME)));
    }

    @Test
    void applicationPropertiesAreForwardedInOrderButArtemisNamesAreNot() {
        Map<String, String> application = new LinkedHashMap<>();
        application.put("temperatureAlert", "true");
        application.put("_AMQ_DUPL_ID", "1");
        application.put("_AMQ_ROUTE_TO", "x");
        application.put("JMS_AMQP_MA_iothub-connection-device-id", "spoofed");
        application.put("NATIVE_MESSAGE_ID", "spoofed");
        application.put("level", "3");

        Message amqp = encodeAndDecode(message(DEVICE, new MessageProperties(Map.of(), application)));

        Map<String, Object> decoded = amqp.getApplicationProperties().getValue();
        assertEquals(List.of("temperatureAlert", "level"), List.copyOf(decoded.keySet()));
        assertEquals("true", decoded.get("temperatureAlert"));
        assertEquals("dev1", annotation(amqp, AmqpTelemetryMessages.DEVICE_ID));
    }

    @Test
    void plugAndPlayAndModulePropertiesBecomeAnnotations() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.COMPONENT_NAME, "thermostat1");
        system.put(SystemProperty.INTERFACE_ID, "urn:azureiot:Security:SecurityAgent:1");
        system.put(SystemProperty.OUTPUT_NAME, "out1");
        system.put(SystemProperty.CREATION_TIME, "2025-01-01T00:00:00.0000000Z");

        Message amqp = encodeAndDecode(new TelemetryMessage(DEVICE, "dtmi:com:example:Thermostat;1",
                new byte[0], new MessageProperties(system, Map.of()), ENQUEUED));

        assertEquals("thermostat1", annotation(amqp, AmqpTelemetryMessages.COMPONENT));
        assertEquals("urn:azureiot:Security:SecurityAgent:1", annotation(amqp, AmqpTelemetryMessages.INTERFACE_ID));
        assertEquals("out1", annotation(amqp, AmqpTelemetryMessages.OUTPUT_NAME));
        assertEquals("dtmi:com:example:Thermostat;1", annotation(amqp, AmqpTelemetryMessages.MODEL_ID));
        assertEquals("2025-01-01T00:00:00.0000000Z", amqp.getApplicationProperties().getValue().get(AmqpTelemetryMessages.CREATION_TIME));
        assertEquals(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli(), amqp.getCreationTime());
        assertArrayEquals(new byte[0], body(amqp));
    }

    @Test
    void idsArePassedOnAsTheDeviceWroteThem() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.MESSAGE_ID, "ID:AMQP_UUID:not-a-uuid");

        Message amqp = encodeAndDecode(message(DEVICE, new MessageProperties(system, Map.of())));

        assertEquals("ID:AMQP_UUID:not-a-uuid", amqp.getMessageId());
    }

    @Test
    void unreadableTimesAreLeftOut() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.EXPIRY_TIME, "tomorrow");
        system.put(SystemProperty.CREATION_TIME, "today");

        Message amqp = encodeAndDecode(message(DEVICE, new MessageProperties(system, Map.of())));

        assertEquals(0, amqp.getExpiryTime());
        assertEquals(0, amqp.getCreationTime());
        assertNull(amqp.getProperties().getAbsoluteExpiryTime());
    }

    @Test
    void theBrokerReadsDurabilityExpiryAndPropertiesFromTheEncoding() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.EXPIRY_TIME, "2030-01-01T00:00:00Z");
        Map<String, String> application = Map.of("alert", "high temp");

        AMQPStandardMessage stored = new AMQPStandardMessage(0,
                AmqpTelemetryMessages.encode(message(DEVICE, new MessageProperties(system, application))), null);

        assertTrue(stored.isDurable());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli(), stored.getExpiration());
        assertEquals("high temp", stored.getStringProperty("alert"));
        assertFalse(stored.containsProperty("_AMQ_DUPL_ID"));
        assertEquals("dev1", stored.getAnnotation(SimpleString.of(AmqpTelemetryMessages.DEVICE_ID)));
    }

    private static TelemetryMessage message(DeviceIdentity device, MessageProperties properties) {
        return new TelemetryMessage(device, null, "hello".getBytes(StandardCharsets.UTF_8), properties, ENQUEUED);
    }

    private static Message encodeAndDecode(TelemetryMessage message) {
        byte[] encoded = AmqpTelemetryMessages.encode(message);
        Message amqp = Message.Factory.create();
        amqp.decode(encoded, 0, encoded.length);
        return amqp;
    }

    private static Object annotation(Message amqp, String name) {
        return amqp.getMessageAnnotations().getValue().get(Symbol.valueOf(name));
    }

    private static byte[] body(Message amqp) {
        Binary binary = ((Data) amqp.getBody()).getValue();
        return Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(), binary.getArrayOffset() + binary.getLength());
    }
}
