package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonParser;

import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** The MQTT gateway's contract with devices: who may connect, which topics are theirs, what closes a connection. */
class MqttDeviceIT {

    /** CONNACK 0x05, IoT Hub's answer to any credential it refuses. */
    private static final Set<Integer> REFUSED = Set.of((int) MqttException.REASON_CODE_NOT_AUTHORIZED);

    private static RegistryClient registry;
    private static ServiceApi api;
    private static String consumerGroup;
    private static EventsReader events;

    @BeforeAll
    static void connect() throws Exception {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
        consumerGroup = "mqtt-" + UUID.randomUUID().toString().substring(0, 8);
        api.call("PUT", "/eventHubEndpoints/events/consumerGroups/" + consumerGroup, null, api.ownerToken());
        events = EventsReader.open("iothubowner", api.ownerToken(), consumerGroup);
    }

    @AfterAll
    static void closeEvents() {
        events.close();
        api.call("DELETE", "/eventHubEndpoints/events/consumerGroups/" + consumerGroup, null, api.ownerToken());
    }

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("mqtt-" + UUID.randomUUID()));
    }

    private static MqttDevice connect(Device device) throws Exception {
        return MqttDevice.connect(api.host(), device.getDeviceId(),
                SasTokens.device(api.host(), device.getDeviceId(), device.getPrimaryKey()));
    }

    private static int refusal(Device device, String token) {
        MqttException e = assertThrows(MqttException.class, () -> MqttDevice.connect(api.host(), device.getDeviceId(), token).close());
        return e.getReasonCode();
    }

    @Test
    void wrongKeyExpiredTokenAndForeignScopeAreRefusedAtConnect() throws Exception {
        Device device = newDevice();
        Device other = newDevice();
        String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
        assertTrue(REFUSED.contains(refusal(device, SasTokens.device(api.host(), device.getDeviceId(), wrongKey))));
        String expired = SasTokens.sign(api.host() + "/devices/" + device.getDeviceId(), device.getPrimaryKey(), 1000);
        assertTrue(REFUSED.contains(refusal(device, expired)));
        String othersToken = SasTokens.device(api.host(), other.getDeviceId(), other.getPrimaryKey());
        assertTrue(REFUSED.contains(refusal(device, othersToken)));
        assertTrue(REFUSED.contains(refusal(device, "garbage")));
    }

    @Test
    void unknownAndDisabledDevicesAreRefused() throws Exception {
        Device ghost = new Device("ghost-" + UUID.randomUUID());
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        assertTrue(REFUSED.contains(refusal(ghost, SasTokens.device(api.host(), ghost.getDeviceId(), key))));

        Device device = newDevice();
        device.setStatus(DeviceStatus.Disabled);
        registry.updateDevice(device);
        assertTrue(REFUSED.contains(refusal(device, SasTokens.device(api.host(), device.getDeviceId(), device.getPrimaryKey()))));
    }

    @Test
    void aPolicyTokenWithDeviceConnectMayConnectForADevice() throws Exception {
        Device device = newDevice();
        String deviceConnect = SasTokens.policy(api.host(), "device", api.policyKey("device"), 3600);
        try (MqttDevice mqtt = MqttDevice.connect(api.host(), device.getDeviceId(), deviceConnect)) {
            assertTrue(mqtt.client.isConnected());
        }
        String serviceOnly = SasTokens.policy(api.host(), "service", api.policyKey("service"), 3600);
        assertTrue(REFUSED.contains(refusal(device, serviceOnly)));
    }

    /**
     * One attempt by a connection on a topic, and what the hub does with it. {@code topic} names the test's
     * identities: {@code {a}} the connecting device (or the device of the connecting module {@code {a}/m1}), with a
     * second module {@code {a}/m2}; {@code {b}} another device, with a module {@code {b}/m}.
     */
    record TopicAttempt(String who, String action, String topic, boolean own) {

        boolean asModule() {
            return who.equals("module");
        }

        boolean subscribes() {
            return action.equals("subscribe");
        }

        String topicFor(String a, String b) {
            return topic.replace("{a}", a).replace("{b}", b);
        }

        @Override
        public String toString() {
            return (asModule() ? "module {a}/m1 " : "device {a} ") + action + " " + topic
                    + (own ? " -> served" : " -> closed");
        }
    }

    static Stream<TopicAttempt> topicAttempts() {
        return Stream.of(
                // what a connection may do, so that "nothing arrived" below means something
                new TopicAttempt("device", "publish", "devices/{a}/messages/events/", true),
                new TopicAttempt("module", "publish", "devices/{a}/modules/m1/messages/events/", true),
                new TopicAttempt("device", "subscribe", "devices/{a}/messages/devicebound/#", true),
                // another device's telemetry, as a device, a module of it or that device's own module
                new TopicAttempt("device", "publish", "devices/{b}/messages/events/", false),
                new TopicAttempt("device", "publish", "devices/{b}/modules/m/messages/events/", false),
                new TopicAttempt("device", "publish", "devices/{a}/modules/m1/messages/events/", false),
                new TopicAttempt("module", "publish", "devices/{b}/messages/events/", false),
                new TopicAttempt("module", "publish", "devices/{b}/modules/m/messages/events/", false),
                new TopicAttempt("module", "publish", "devices/{a}/messages/events/", false),
                new TopicAttempt("module", "publish", "devices/{a}/modules/m2/messages/events/", false),
                // another identity's cloud-to-device messages, named or by wildcard
                new TopicAttempt("device", "subscribe", "devices/{b}/messages/devicebound/#", false),
                new TopicAttempt("device", "subscribe", "devices/{b}/modules/m/messages/devicebound/#", false),
                new TopicAttempt("device", "subscribe", "devices/{a}/modules/m1/messages/devicebound/#", false),
                new TopicAttempt("device", "subscribe", "devices/+/messages/devicebound/#", false),
                new TopicAttempt("device", "subscribe", "#", false),
                new TopicAttempt("module", "subscribe", "devices/{b}/messages/devicebound/#", false),
                new TopicAttempt("module", "subscribe", "devices/{a}/messages/devicebound/#", false),
                new TopicAttempt("module", "subscribe", "devices/{a}/modules/m2/messages/devicebound/#", false));
    }

    /**
     * A connection touches only its own topics: publishing to or subscribing to another identity's closes it (IoT
     * Hub's answer too), nothing published there reaches the back end, and another device's cloud-to-device message
     * stays its own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topicAttempts")
    void onlyItsOwnTopicsAreOpenToAConnection(TopicAttempt attempt) throws Exception {
        Device a = newDevice();
        Module m1 = registry.addModule(new Module(a.getDeviceId(), "m1"));
        registry.addModule(new Module(a.getDeviceId(), "m2"));
        Device b = newDevice();
        registry.addModule(new Module(b.getDeviceId(), "m"));
        api.call("POST", "/devices/" + b.getDeviceId() + "/messages/deviceBound", "for b alone", api.ownerToken());
        String topic = attempt.topicFor(a.getDeviceId(), b.getDeviceId());
        String payload = "attempt-" + UUID.randomUUID();

        try (MqttDevice mqtt = attempt.asModule()
                ? MqttDevice.connect(api.host(), a.getDeviceId() + "/m1", moduleToken(m1))
                : connect(a)) {
            if (attempt.subscribes()) {
                subscribeQuietly(mqtt, topic);
            } else {
                publishQuietly(mqtt, topic, 1, payload);
            }
            if (attempt.own()) {
                Thread.sleep(500);
                assertTrue(mqtt.client.isConnected(), attempt + " left the connection open");
            } else {
                assertTrue(mqtt.disconnectedWithin(10), attempt + " closed the connection");
            }
            assertTrue(mqtt.received.isEmpty(), "received " + mqtt.received);
        }
        if (!attempt.subscribes()) {
            var event = events.next(e -> e.body() instanceof byte[] body
                    && payload.equals(new String(body, StandardCharsets.UTF_8)), Duration.ofSeconds(attempt.own() ? 15 : 2));
            if (attempt.own()) {
                assertNotNull(event, "an event published on its own topic arrives");
            } else {
                assertNull(event, "the back end got " + (event == null ? null : event.annotation("iothub-connection-device-id")));
            }
        }
        String victim = api.call("GET", "/devices/" + b.getDeviceId(), null, api.ownerToken()).body();
        assertEquals(1, JsonParser.parseString(victim).getAsJsonObject().get("cloudToDeviceMessageCount").getAsInt(), victim);
    }

    @Test
    void ownSubscriptionsAreGranted() throws Exception {
        Device device = newDevice();
        try (MqttDevice mqtt = connect(device)) {
            mqtt.client.subscribe(new String[] {"devices/" + device.getDeviceId() + "/messages/devicebound/#",
                "$iothub/twin/res/#", "$iothub/methods/POST/#", "$iothub/twin/PATCH/properties/desired/#"},
                new int[] {1, 0, 0, 0});
            assertTrue(mqtt.client.isConnected());
        }
    }

    @Test
    void qos2AndOversizeMessagesDisconnect() throws Exception {
        Device device = newDevice();
        String topic = "devices/" + device.getDeviceId() + "/messages/events/";
        try (MqttDevice mqtt = connect(device)) {
            publishQuietly(mqtt, topic, 2, "exactly once is not supported");
            assertTrue(mqtt.disconnectedWithin(10), "QoS 2 closes the connection");
        }
        try (MqttDevice mqtt = connect(device)) {
            publishQuietly(mqtt, topic, 1, "x".repeat(256 * 1024 + 1));
            assertTrue(mqtt.disconnectedWithin(10), "over 256 KB closes the connection");
        }
        try (MqttDevice mqtt = connect(device)) {
            mqtt.client.publish(topic, "x".repeat(255 * 1024).getBytes(StandardCharsets.UTF_8), 1, false);
            assertTrue(mqtt.client.isConnected(), "just under the limit is fine");
        }
    }

    @Test
    void aNewConnectionDropsTheOldOne() throws Exception {
        Device device = newDevice();
        try (MqttDevice first = connect(device); MqttDevice second = connect(device)) {
            assertTrue(first.disconnectedWithin(10));
            assertTrue(second.client.isConnected());
        }
    }

    @Test
    void disablingOrDeletingAConnectedDeviceDisconnectsItAtOnce() throws Exception {
        Device device = newDevice();
        try (MqttDevice mqtt = connect(device)) {
            Device current = registry.getDevice(device.getDeviceId());
            current.setStatus(DeviceStatus.Disabled);
            registry.updateDevice(current);
            assertTrue(mqtt.disconnectedWithin(5));
        }
        Device other = newDevice();
        try (MqttDevice mqtt = connect(other)) {
            registry.removeDevice(other.getDeviceId());
            assertTrue(mqtt.disconnectedWithin(5));
        }
    }

    @Test
    void nodeStyleBagAtQos0ArrivesWithItsProperties() throws Exception {
        Device device = newDevice();
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default");
             MqttDevice mqtt = connect(device)) {
            mqtt.client.publish("devices/" + device.getDeviceId()
                    + "/messages/events/%24.mid=node-1&%24.ct=application%2Fjson&%24.ce=utf-8&room=kitchen%201",
                    "{\"on\":true}".getBytes(StandardCharsets.UTF_8), 0, false);
            var event = reader.next(device.getDeviceId(), Duration.ofSeconds(15));
            assertNotNull(event);
            assertEquals("node-1", String.valueOf(event.messageId()));
            assertEquals("application/json", event.contentType());
            assertEquals("utf-8", event.contentEncoding());
            assertEquals("kitchen 1", event.property("room"));
            assertArrayEquals("{\"on\":true}".getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
        }
    }

    @Test
    void registryShowsConnectionStateAndActivity() throws Exception {
        Device device = newDevice();
        assertEquals(DeviceConnectionState.Disconnected, registry.getDevice(device.getDeviceId()).getConnectionState());
        try (MqttDevice mqtt = connect(device)) {
            awaitState(device.getDeviceId(), DeviceConnectionState.Connected);
            mqtt.client.publish("devices/" + device.getDeviceId() + "/messages/events/", "hi".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        awaitState(device.getDeviceId(), DeviceConnectionState.Disconnected);
        String body = api.call("GET", "/devices/" + device.getDeviceId(), null, api.ownerToken()).body();
        assertNotEquals("0001-01-01T00:00:00Z", body.replaceAll(".*\"lastActivityTime\":\"([^\"]+)\".*", "$1"), body);
    }

    private static void awaitState(String deviceId, DeviceConnectionState expected) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        DeviceConnectionState state = registry.getDevice(deviceId).getConnectionState();
        while (state != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            state = registry.getDevice(deviceId).getConnectionState();
        }
        assertEquals(expected, state);
    }

    private static void subscribeQuietly(MqttDevice mqtt, String filter) {
        try {
            mqtt.client.subscribe(filter, 1);
        } catch (MqttException e) {
            // the hub closes the connection rather than answering
        }
    }

    private static String moduleToken(Module module) {
        return SasTokens.sign(api.host() + "/devices/" + module.getDeviceId() + "/modules/" + module.getId(),
                module.getPrimaryKey(), Instant.now().getEpochSecond() + 3600);
    }

    private static void publishQuietly(MqttDevice mqtt, String topic, int qos, String payload) {
        try {
            mqtt.client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
        } catch (MqttException e) {
            // the hub may close the connection before the acknowledgement
        }
    }
}
