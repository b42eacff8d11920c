package org.openiothub.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.activemq.artemis.api.core.FilterConstants;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

class ArtemisTelemetryMessagesTest {

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

        ClientMessage core = write(message(DEVICE, new MessageProperties(system, Map.of())));

        assertEquals("m-1", core.getStringProperty(FilterConstants.NATIVE_MESSAGE_ID));
        assertEquals("c-1", String.valueOf(core.getCorrelationID()));
        assertEquals("application/json", core.getStringProperty(ArtemisTelemetryMessages.CONTENT_TYPE));
        assertEquals("utf-8", core.getStringProperty(ArtemisTelemetryMessages.CONTENT_ENCODING));
        assertEquals("u-1", core.getValidatedUserID());
        assertEquals("dev1", annotation(core, ArtemisTelemetryMessages.DEVICE_ID));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), body(core));
    }

    @Test
    void connectionAnnotationsComeFromTheAuthenticatedIdentity() {
        DeviceIdentity module = new DeviceIdentity("dev1", "mod1", "g-2", CredentialKind.DEVICE_KEY);

        ClientMessage core = write(message(module, MessageProperties.EMPTY));

        assertEquals("dev1", annotation(core, ArtemisTelemetryMessages.DEVICE_ID));
        assertEquals("mod1", annotation(core, ArtemisTelemetryMessages.MODULE_ID));
        assertEquals("g-2", annotation(core, ArtemisTelemetryMessages.AUTH_GENERATION_ID));
        assertEquals(module.authMethodJson(), annotation(core, ArtemisTelemetryMessages.AUTH_METHOD));
        assertEquals("Telemetry", annotation(core, ArtemisTelemetryMessages.MESSAGE_SOURCE));
        assertNull(core.getStringProperty(FilterConstants.NATIVE_MESSAGE_ID));
        assertTrue(core.isDurable());
        assertEquals(Message.BYTES_TYPE, core.getType());
    }

    @Test
    void enqueuedTimeIsAnEncodedAmqpTimestamp() {
        ClientMessage core = write(message(DEVICE, MessageProperties.EMPTY));

        byte[] encoded = core.getBytesProperty(ArtemisTelemetryMessages.ENCODED_ANNOTATION + ArtemisTelemetryMessages.ENQUEUED_TIME);
        assertEquals(9, encoded.length);
        assertEquals((byte) 0x83, encoded[0]);
        assertEquals(ENQUEUED.toEpochMilli(), ByteBuffer.wrap(encoded, 1, 8).getLong());
    }

    @Test
    void applicationPropertiesAreForwardedButArtemisNamesAreNot() {
        Map<String, String> application = new LinkedHashMap<>();
        application.put("temperatureAlert", "true");
        application.put("_AMQ_SCHED_DELIVERY", "99999999999");
        application.put("_AMQ_ROUTE_TO", "x");
        application.put("JMS_AMQP_MA_iothub-connection-device-id", "spoofed");
        application.put("NATIVE_MESSAGE_ID", "spoofed");

        ClientMessage core = write(message(DEVICE, new MessageProperties(Map.of(), application)));

        assertEquals("true", core.getStringProperty("temperatureAlert"));
        assertFalse(core.containsProperty("_AMQ_SCHED_DELIVERY"));
        assertFalse(core.containsProperty("_AMQ_ROUTE_TO"));
        assertEquals("dev1", annotation(core, ArtemisTelemetryMessages.DEVICE_ID));
        assertNull(core.getStringProperty(FilterConstants.NATIVE_MESSAGE_ID));
    }

    @Test
    void plugAndPlayAndModulePropertiesBecomeAnnotations() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.COMPONENT_NAME, "thermostat1");
        system.put(SystemProperty.INTERFACE_ID, "urn:azureiot:Security:SecurityAgent:1");
        system.put(SystemProperty.OUTPUT_NAME, "out1");
        system.put(SystemProperty.CREATION_TIME, "2025-01-01T00:00:00.0000000Z");

        TelemetryMessage message = new TelemetryMessage(DEVICE, "dtmi:com:example:Thermostat;1",
                new byte[0], new MessageProperties(system, Map.of()), ENQUEUED);
        ClientMessage core = write(message);

        assertEquals("thermostat1", annotation(core, ArtemisTelemetryMessages.COMPONENT));
        assertEquals("urn:azureiot:Security:SecurityAgent:1", annotation(core, ArtemisTelemetryMessages.INTERFACE_ID));
        assertEquals("out1", annotation(core, ArtemisTelemetryMessages.OUTPUT_NAME));
        assertEquals("dtmi:com:example:Thermostat;1", annotation(core, ArtemisTelemetryMessages.MODEL_ID));
        assertEquals("2025-01-01T00:00:00.0000000Z", core.getStringProperty(ArtemisTelemetryMessages.CREATION_TIME));
        assertEquals(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli(), ArtemisTelemetryMessages.timestamp(message));
    }

    @Test
    void idsThatArtemisWouldDecodeAreWrappedAsStrings() {
        assertEquals("plain", ArtemisTelemetryMessages.amqpId("plain"));
        assertEquals("ID:abc", ArtemisTelemetryMessages.amqpId("ID:abc"));
        assertEquals("ID:AMQP_STRING:ID:AMQP_UUID:x", ArtemisTelemetryMessages.amqpId("ID:AMQP_UUID:x"));
    }

    @Test
    void unreadableTimesAreIgnored() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.EXPIRY_TIME, "tomorrow");
        TelemetryMessage message = message(DEVICE, new MessageProperties(system, Map.of()));

        assertEquals(0, ArtemisTelemetryMessages.expiration(message));
        assertEquals(0, ArtemisTelemetryMessages.timestamp(message));
    }

    private static TelemetryMessage message(DeviceIdentity device, MessageProperties properties) {
        return new TelemetryMessage(device, null, "hello".getBytes(StandardCharsets.UTF_8), properties, ENQUEUED);
    }

    private static ClientMessage write(TelemetryMessage message) {
        ClientMessage core = new ClientMessageImpl(Message.BYTES_TYPE, true, 0, 0, (byte) 4, 1024);
        ArtemisTelemetryMessages.write(message, core);
        return core;
    }

    private static String annotation(ClientMessage core, String name) {
        return core.getStringProperty(ArtemisTelemetryMessages.ANNOTATION + name);
    }

    private static byte[] body(ClientMessage core) {
        byte[] bytes = new byte[core.getBodyBuffer().readableBytes()];
        core.getBodyBuffer().readBytes(bytes);
        return bytes;
    }
}
