package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/**
 * Cloud-to-device messages sent over the service REST API, delivered to the official device SDK over MQTT, and
 * their feedback read by an AMQP back end.
 */
class CloudToDeviceIT {

    private static final Duration RECEIVE = Duration.ofSeconds(15);
    /** A feedback batch waits up to 15 s for company; the outbox is published every second. */
    private static final Duration FEEDBACK = Duration.ofSeconds(30);

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @Test
    void theDeviceSdkReceivesARestSentMessageWithItsProperties() throws Exception {
        Device device = newDevice();
        DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device);
        try {
            Map<String, String> headers = new HashMap<>();
            headers.put("iothub-messageid", "mid-1");
            headers.put("iothub-correlationid", "cid-1");
            headers.put("iothub-contenttype", "application/json");
            headers.put("iothub-contentencoding", "utf-8");
            headers.put("iothub-ack", "full");
            headers.put("iothub-app-color", "light blue");
            headers.put("iothub-app-level", "3");
            ServiceApi.Reply reply = send(device, "{\"on\":true}", headers);
            assertEquals(204, reply.status(), reply.body());
            assertEquals("mid-1", reply.headers().get("iothub-messageid"));

            Message message = receiver.next(RECEIVE);
            assertNotNull(message, "the device got the message");
            assertArrayEquals("{\"on\":true}".getBytes(StandardCharsets.UTF_8), message.getBytes());
            assertEquals("mid-1", message.getMessageId());
            assertEquals("cid-1", message.getCorrelationId());
            assertEquals("application/json", message.getContentType());
            assertEquals("utf-8", message.getContentEncoding());
            assertEquals("light blue", message.getProperty("color"));
            assertEquals("3", message.getProperty("level"));
            awaitPendingCount(device, 0);
        } finally {
            receiver.close();
        }
    }

    @Test
    void aCompletedMessageIsReportedAsSuccessFeedbackOverAmqp() throws Exception {
        Device device = newDevice();
        String messageId = "fb-" + UUID.randomUUID();
        try (FeedbackReader feedback = FeedbackReader.open("service", servicePolicyToken())) {
            DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device);
            try {
                assertEquals(204, send(device, "hello", Map.of("iothub-messageid", messageId, "iothub-ack", "positive")).status());
                assertNotNull(receiver.next(RECEIVE));
                awaitPendingCount(device, 0);
            } finally {
                receiver.close();
            }

            FeedbackReader.Batch batch = feedback.batchWith(messageId, FEEDBACK);
            assertNotNull(batch, "a feedback batch names the message");
            assertEquals("application/vnd.microsoft.iothub.feedback.json", batch.contentType());
            JsonObject record = batch.recordOf(messageId);
            assertEquals("Success", record.get("statusCode").getAsString());
            assertEquals("Success", record.get("description").getAsString());
            assertEquals(device.getDeviceId(), record.get("deviceId").getAsString());
            assertEquals(device.getGenerationId(), record.get("deviceGenerationId").getAsString());
            Instant enqueued = Instant.parse(record.get("enqueuedTimeUtc").getAsString());
            assertTrue(Duration.between(enqueued, Instant.now()).abs().toMinutes() < 5, "enqueuedTimeUtc is the time of the outcome");
        }
    }

    @Test
    void messagesWaitForAnOfflineDeviceAndFlowInOrderWhenItConnects() throws Exception {
        Device device = newDevice();
        for (int i = 1; i <= 3; i++) {
            assertEquals(204, send(device, "m" + i, Map.of("iothub-messageid", "m" + i)).status());
        }
        awaitPendingCount(device, 3);

        DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device);
        try {
            for (int i = 1; i <= 3; i++) {
                Message message = receiver.next(RECEIVE);
                assertNotNull(message, "message " + i);
                assertEquals("m" + i, message.getMessageId());
            }
            assertNull(receiver.next(Duration.ofSeconds(2)), "each message once");
            awaitPendingCount(device, 0);
        } finally {
            receiver.close();
        }

        assertEquals(204, send(device, "after", Map.of("iothub-messageid", "after")).status());
        DeviceSdkReceiver again = DeviceSdkReceiver.open(api.host(), device);
        try {
            assertEquals("after", again.next(RECEIVE).getMessageId(), "a reconnected device gets what came meanwhile");
        } finally {
            again.close();
        }
    }

    @Test
    void theFiftyFirstPendingMessageIsRefusedAndPurgingMakesRoom() throws Exception {
        Device device = newDevice();
        for (int i = 1; i <= 50; i++) {
            assertEquals(204, send(device, "m" + i, Map.of()).status(), "message " + i);
        }
        ServiceApi.Reply refused = send(device, "m51", Map.of());
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("ErrorCode:DeviceMaximumQueueDepthExceeded"), refused.body());
        assertEquals(403004, JsonParser.parseString(refused.body()).getAsJsonObject().get("errorCode").getAsInt());
        assertEquals(50, registry.getDevice(device.getDeviceId()).getCloudToDeviceMessageCount());

        ServiceApi.Reply purged = api.call("DELETE", "/devices/" + device.getDeviceId() + "/commands", null, api.ownerToken());
        assertEquals(200, purged.status(), purged.body());
        JsonObject result = JsonParser.parseString(purged.body()).getAsJsonObject();
        assertEquals(50, result.get("totalMessagesPurged").getAsInt());
        assertEquals(device.getDeviceId(), result.get("deviceId").getAsString());
        assertEquals(0, registry.getDevice(device.getDeviceId()).getCloudToDeviceMessageCount());
        assertEquals(204, send(device, "room again", Map.of()).status());
    }

    @Test
    void anExpiredMessageIsNeverDeliveredAndIsReportedAsExpired() throws Exception {
        Device device = newDevice();
        String messageId = "ttl-" + UUID.randomUUID();
        try (FeedbackReader feedback = FeedbackReader.open("iothubowner", api.ownerToken())) {
            assertEquals(204, send(device, "too late", Map.of("iothub-messageid", messageId, "iothub-ack", "negative",
                    "iothub-expiry", Instant.now().plusSeconds(2).toString())).status());
            assertEquals(204, send(device, "in time", Map.of("iothub-messageid", "in-time")).status());
            Thread.sleep(3_000);

            DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device);
            try {
                assertEquals("in-time", receiver.next(RECEIVE).getMessageId());
                assertNull(receiver.next(Duration.ofSeconds(2)));
            } finally {
                receiver.close();
            }
            FeedbackReader.Batch batch = feedback.batchWith(messageId, FEEDBACK);
            assertNotNull(batch);
            assertEquals("Expired", batch.recordOf(messageId).get("statusCode").getAsString());
        }
    }

    @Test
    void aMessageNoConnectionAcknowledgesIsDeadAfterTenDeliveries() throws Exception {
        Device device = newDevice();
        String messageId = "dce-" + UUID.randomUUID();
        try (FeedbackReader feedback = FeedbackReader.open("iothubowner", api.ownerToken())) {
            assertEquals(204, send(device, "unlucky", Map.of("iothub-messageid", messageId, "iothub-ack", "full")).status());
            for (int delivery = 1; delivery <= 10; delivery++) {
                try (MqttDevice mqtt = connectWithoutAcks(device)) {
                    MqttDevice.Received arrival = mqtt.received.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
                    assertNotNull(arrival, "delivery " + delivery);
                    assertTrue(arrival.topic().contains("%24.mid=" + messageId), arrival.topic());
                }
            }
            try (MqttDevice mqtt = connectWithoutAcks(device)) {
                assertNull(mqtt.received.poll(3, TimeUnit.SECONDS), "no eleventh delivery");
            }
            FeedbackReader.Batch batch = feedback.batchWith(messageId, FEEDBACK);
            assertNotNull(batch);
            assertEquals("DeliveryCountExceeded", batch.recordOf(messageId).get("statusCode").getAsString());
        }
        awaitPendingCount(device, 0);
    }

    @Test
    void refusalsSpeakIotHubsErrors() throws Exception {
        Device device = newDevice();
        assertEquals(404, api.call("POST", "/devices/no-such-" + UUID.randomUUID() + "/messages/deviceBound", "x",
                api.ownerToken()).status());
        assertEquals(404, api.call("DELETE", "/devices/no-such-" + UUID.randomUUID() + "/commands", null,
                api.ownerToken()).status());
        ServiceApi.Reply tooLarge = send(device, "x".repeat(64 * 1024 + 1), Map.of());
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.body().contains("MessageTooLarge"), tooLarge.body());
        assertEquals(204, send(device, "x".repeat(64 * 1024), Map.of()).status(), "64 KB is allowed");
        assertEquals(400, send(device, "x", Map.of("iothub-ack", "sometimes")).status());
        assertEquals(400, send(device, "x", Map.of("iothub-expiry", "tomorrow")).status());
        assertEquals(400, send(device, "x", Map.of("iothub-expiry", Instant.now().plus(Duration.ofDays(3)).toString())).status());
        String registryRead = SasTokens.policy(api.host(), "registryRead", api.policyKey("registryRead"), 3600);
        assertEquals(401, api.call("POST", "/devices/" + device.getDeviceId() + "/messages/deviceBound", "x",
                Map.of("Authorization", registryRead)).status());
        assertEquals(401, api.call("DELETE", "/devices/" + device.getDeviceId() + "/commands", null,
                Map.of("Authorization", registryRead)).status());
    }

    @Test
    void queuedMessagesAndPublishedFeedbackSurviveAHubRestart() throws Exception {
        Device device = newDevice();
        assertEquals(204, send(device, "before restart", Map.of("iothub-messageid", "durable-1")).status());
        assertEquals(204, send(device, "before restart too", Map.of("iothub-messageid", "durable-2")).status());
        Device purged = newDevice();
        String purgedId = "purged-" + UUID.randomUUID();
        assertEquals(204, send(purged, "never read", Map.of("iothub-messageid", purgedId, "iothub-ack", "full")).status());
        assertEquals(200, api.call("DELETE", "/devices/" + purged.getDeviceId() + "/commands", null, api.ownerToken()).status());
        // Long enough for the batch window: the feedback is then in the broker, not the outbox, when the hub stops.
        Thread.sleep(17_000);

        HubUnderTest.restart();

        assertEquals(2, registry.getDevice(device.getDeviceId()).getCloudToDeviceMessageCount());
        DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device);
        try {
            assertEquals("durable-1", receiver.next(RECEIVE).getMessageId());
            assertEquals("durable-2", receiver.next(RECEIVE).getMessageId());
            awaitPendingCount(device, 0);
        } finally {
            receiver.close();
        }
        try (FeedbackReader feedback = FeedbackReader.open("iothubowner", api.ownerToken())) {
            FeedbackReader.Batch batch = feedback.batchWith(purgedId, FEEDBACK);
            assertNotNull(batch, "feedback published before the restart is still there");
            assertEquals("Purged", batch.recordOf(purgedId).get("statusCode").getAsString());
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("c2d-" + UUID.randomUUID()));
    }

    private static ServiceApi.Reply send(Device device, String body, Map<String, String> headers) {
        return api.sendToDevice(device.getDeviceId(), body, headers);
    }

    private static String servicePolicyToken() {
        return SasTokens.policy(api.host(), "service", api.policyKey("service"), 3600);
    }

    private static MqttDevice connectWithoutAcks(Device device) throws Exception {
        MqttDevice mqtt = MqttDevice.connect(api.host(), device.getDeviceId(),
                SasTokens.device(api.host(), device.getDeviceId(), device.getPrimaryKey()));
        mqtt.client.setManualAcks(true);
        mqtt.client.subscribe("devices/" + device.getDeviceId() + "/messages/devicebound/#", 1);
        return mqtt;
    }

    private static void awaitPendingCount(Device device, int expected) throws Exception {
        PendingMessages.awaitCount(registry, device.getDeviceId(), expected);
    }
}
