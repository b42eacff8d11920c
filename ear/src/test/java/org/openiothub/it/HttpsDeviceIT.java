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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackRecord;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackStatusCode;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/**
 * The device HTTPS API on 443: telemetry and cloud-to-device messages through the official Java device SDK's
 * {@code HTTPS} transport, feedback through the service SDK, and the refusals in IoT Hub's error shape by hand.
 */
class HttpsDeviceIT {

    private static final Duration RECEIVE = Duration.ofSeconds(15);
    /** A feedback batch waits up to 15 s for company; the outbox is published every second. */
    private static final Duration FEEDBACK = Duration.ofSeconds(40);

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @Test
    void sdkTelemetryOverHttpsReachesTheBuiltInEndpointWithItsProperties() throws Exception {
        Device device = newDevice();
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            DeviceClient client = httpsClient(device);
            client.open(false);
            try {
                Message message = new Message("{\"temperature\":21.5}");
                message.setMessageId("https-mid-1");
                message.setCorrelationId("https-cid-1");
                message.setContentType("application/json");
                message.setContentEncoding("utf-8");
                message.setProperty("alert", "high temp");
                message.setProperty("level", "3");
                client.sendEvent(message);
            } finally {
                client.close();
            }

            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(device.getDeviceId(), RECEIVE);
            assertNotNull(event, "the event reached $Default");
            assertArrayEquals("{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
            assertEquals("https-mid-1", String.valueOf(event.messageId()));
            assertEquals("https-cid-1", String.valueOf(event.correlationId()));
            assertEquals("application/json", event.contentType());
            assertEquals("utf-8", event.contentEncoding());
            assertEquals("high temp", event.property("alert"));
            assertEquals("3", event.property("level"));
            assertEquals(device.getDeviceId(), event.annotation("iothub-connection-device-id"));
            assertNotNull(event.annotation("iothub-enqueuedtime"));
            assertTrue(String.valueOf(event.annotation("iothub-connection-auth-method")).contains("\"scope\":\"device\""));
        }
        Device after = registry.getDevice(device.getDeviceId());
        assertEquals(DeviceConnectionState.Disconnected, after.getConnectionState(), "HTTPS holds no connection");
        JsonObject json = JsonParser.parseString(api.call("GET", "/devices/" + device.getDeviceId(), null,
                api.ownerToken()).body()).getAsJsonObject();
        Instant lastActivity = Instant.parse(json.get("lastActivityTime").getAsString());
        assertTrue(Duration.between(lastActivity, Instant.now()).abs().toMinutes() < 5, "a request is activity: " + lastActivity);
    }

    @Test
    void anSdkBatchArrivesAsSeparateEventsInOrder() throws Exception {
        Device device = newDevice();
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            DeviceClient client = httpsClient(device);
            client.open(false);
            try {
                List<Message> batch = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    Message message = new Message("batched-" + i);
                    message.setMessageId("batch-" + i);
                    message.setProperty("n", String.valueOf(i));
                    batch.add(message);
                }
                CompletableFuture<IotHubClientException> sent = new CompletableFuture<>();
                client.sendEventsAsync(batch, (messages, failure, context) -> sent.complete(failure), null);
                assertNull(sent.get(RECEIVE.toSeconds(), TimeUnit.SECONDS), "the hub accepted the batch");
            } finally {
                client.close();
            }
            for (int i = 1; i <= 3; i++) {
                org.apache.qpid.protonj2.client.Message<Object> event = reader.next(device.getDeviceId(), RECEIVE);
                assertNotNull(event, "event " + i);
                assertEquals("batch-" + i, String.valueOf(event.messageId()));
                assertArrayEquals(("batched-" + i).getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
                assertEquals(String.valueOf(i), event.property("n"));
            }
        }
    }

    @Test
    void theSdkCompletesAbandonsAndRejectsAndTheServiceSdkHearsTheFeedback() throws Exception {
        Device device = newDevice();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String complete = "complete-" + run;
        String abandon = "abandon-" + run;
        String reject = "reject-" + run;
        Map<String, FeedbackRecord> feedback = new ConcurrentHashMap<>();
        MessageFeedbackProcessorClient processor = new MessageFeedbackProcessorClient(serviceConnectionString(),
                IotHubServiceClientProtocol.AMQPS, batch -> {
                    if (batch.getRecords() != null) {
                        batch.getRecords().stream().filter(record -> record.getOriginalMessageId().endsWith(run))
                                .forEach(record -> feedback.put(record.getOriginalMessageId(), record));
                    }
                    return AcknowledgementType.COMPLETE;
                });
        processor.start();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        DeviceClient client = httpsClient(device);
        client.setMessageCallback((message, context) -> {
            received.add(message);
            int delivery = deliveries.computeIfAbsent(message.getMessageId(), id -> new AtomicInteger()).incrementAndGet();
            if (message.getMessageId().equals(reject)) {
                return IotHubMessageResult.REJECT;
            }
            return message.getMessageId().equals(abandon) && delivery == 1 ? IotHubMessageResult.ABANDON : IotHubMessageResult.COMPLETE;
        }, null);
        try {
            Map<String, String> properties = new HashMap<>();
            properties.put("iothub-ack", "full");
            properties.put("iothub-correlationid", "c2d-cid");
            properties.put("iothub-contenttype", "text/plain");
            properties.put("iothub-app-color", "blue");
            for (String messageId : List.of(complete, abandon, reject)) {
                properties.put("iothub-messageid", messageId);
                assertEquals(204, sendToDevice(device, messageId, properties).status());
            }
            client.open(false);

            Message first = received.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(first, "the device polled a message");
            assertEquals(complete, first.getMessageId(), "in queue order");
            assertArrayEquals(complete.getBytes(StandardCharsets.UTF_8), first.getBytes());
            assertEquals("c2d-cid", first.getCorrelationId());
            // The SDK's HTTPS transport drops the content type it parses; the hub's header is checked by hand below.
            assertEquals("blue", first.getProperty("color"));

            long deadline = System.nanoTime() + FEEDBACK.toNanos();
            while (feedback.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(FeedbackStatusCode.success, feedback.get(complete).getStatusCode());
            assertEquals(FeedbackStatusCode.success, feedback.get(abandon).getStatusCode(), "completed on its second delivery");
            assertEquals(FeedbackStatusCode.rejected, feedback.get(reject).getStatusCode());
            assertEquals(device.getDeviceId(), feedback.get(reject).getDeviceId());
            assertEquals(2, deliveries.get(abandon).get(), "an abandoned message comes again");
            assertEquals(1, deliveries.get(reject).get(), "a rejected message does not");
            awaitPendingCount(device, 0);
        } finally {
            client.close();
            processor.stop();
        }
    }

    @Test
    void aPolledMessageCarriesItsPropertiesAndComesBackWhenItsLockLapses() throws Exception {
        Device device = newDevice();
        String token = deviceToken(device);
        Map<String, String> properties = Map.of("iothub-messageid", "lapse-1", "iothub-ack", "negative",
                "iothub-correlationid", "cid-9", "iothub-userid", "owner", "iothub-app-level", "3",
                "iothub-contenttype", "text/plain");
        assertEquals(204, sendToDevice(device, "locked", properties).status());

        ServiceApi.Reply first = poll(device, token, "1");
        assertEquals(200, first.status(), first.body());
        assertEquals("locked", first.body());
        String etag = first.headers().get("etag");
        assertTrue(etag.matches("\"[0-9a-f-]{36}\""), "the lock token is the quoted ETag: " + etag);
        assertEquals("lapse-1", first.headers().get("iothub-messageid"));
        assertEquals("cid-9", first.headers().get("iothub-correlationid"));
        assertEquals("owner", first.headers().get("iothub-userid"));
        assertEquals("negative", first.headers().get("iothub-ack"));
        assertEquals("3", first.headers().get("iothub-app-level"));
        assertEquals("text/plain", first.headers().get("iothub-contenttype"));
        assertEquals("1", first.headers().get("iothub-deliverycount"));
        assertEquals("/devices/" + device.getDeviceId() + "/messages/deviceBound", first.headers().get("iothub-to"));
        assertNotNull(first.headers().get("iothub-sequencenumber"));
        assertNotNull(first.headers().get("iothub-enqueuedtime"));
        assertNotNull(first.headers().get("iothub-expiry"));
        assertEquals(204, poll(device, token, "1").status(), "a locked message is invisible");

        Thread.sleep(1_500);
        ServiceApi.Reply second = poll(device, token, "30");
        assertEquals(200, second.status(), "the lapsed lock gave the message back");
        assertEquals("lapse-1", second.headers().get("iothub-messageid"));
        assertEquals("2", second.headers().get("iothub-deliverycount"));
        assertNotEquals(etag, second.headers().get("etag"));

        ServiceApi.Reply lost = settle(device, token, "DELETE", unquote(etag), "");
        assertEquals(412, lost.status(), "the lapsed lock settles nothing");
        assertTrue(lost.body().contains("ErrorCode:DeviceMessageLockLost"), lost.body());
        assertEquals(204, settle(device, token, "DELETE", second.headers().get("etag"), "").status(), "a quoted ETag completes too");
        assertEquals(204, poll(device, token, null).status());
        awaitPendingCount(device, 0);
    }

    @Test
    void aMessageAbandonedTenTimesIsDeadAndRejectAcceptsEitherSpelling() throws Exception {
        Device device = newDevice();
        String token = deviceToken(device);
        String dead = "dead-" + UUID.randomUUID();
        String rejected = "rejected-" + UUID.randomUUID();
        try (FeedbackReader feedback = FeedbackReader.open("iothubowner", api.ownerToken())) {
            assertEquals(204, sendToDevice(device, "unlucky", Map.of("iothub-messageid", dead, "iothub-ack", "full")).status());
            for (int delivery = 1; delivery <= 10; delivery++) {
                ServiceApi.Reply reply = poll(device, token, null);
                assertEquals(200, reply.status(), "delivery " + delivery);
                assertEquals(String.valueOf(delivery), reply.headers().get("iothub-deliverycount"));
                assertEquals(204, settle(device, token, "POST", unquote(reply.headers().get("etag")), "/abandon").status());
            }
            assertEquals(204, poll(device, token, null).status(), "no eleventh delivery");
            assertEquals("DeliveryCountExceeded", feedback.batchWith(dead, FEEDBACK).recordOf(dead).get("statusCode").getAsString());

            assertEquals(204, sendToDevice(device, "refused", Map.of("iothub-messageid", rejected, "iothub-ack", "negative")).status());
            ServiceApi.Reply reply = poll(device, token, null);
            assertEquals(204, settle(device, token, "DELETE", unquote(reply.headers().get("etag")), "?reject").status());
            assertEquals("Rejected", feedback.batchWith(rejected, FEEDBACK).recordOf(rejected).get("statusCode").getAsString());
        }
        awaitPendingCount(device, 0);
    }

    @Test
    void aDevicePollingWhileConnectedOverMqttGetsTheMessagesMqttHasNotLocked() throws Exception {
        Device device = newDevice();
        String token = deviceToken(device);
        assertEquals(204, sendToDevice(device, "one", Map.of("iothub-messageid", "one")).status());
        assertEquals(204, sendToDevice(device, "two", Map.of("iothub-messageid", "two")).status());
        try (MqttDevice mqtt = MqttDevice.connect(api.host(), device.getDeviceId(), token)) {
            mqtt.client.setManualAcks(true);
            mqtt.client.subscribe("devices/" + device.getDeviceId() + "/messages/devicebound/#", 1);
            MqttDevice.Received arrival = mqtt.received.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(arrival);
            assertTrue(arrival.topic().contains("%24.mid=one"), arrival.topic());

            ServiceApi.Reply polled = poll(device, token, null);
            assertEquals(200, polled.status());
            assertEquals("two", polled.headers().get("iothub-messageid"), "the message MQTT holds is locked to it");
            assertEquals(204, settle(device, token, "DELETE", unquote(polled.headers().get("etag")), "").status());
            assertEquals(204, poll(device, token, null).status());
        }
        long deadline = System.nanoTime() + RECEIVE.toNanos();
        ServiceApi.Reply again;
        do {
            Thread.sleep(200);
            again = poll(device, token, null);
        } while (again.status() == 204 && System.nanoTime() < deadline);
        assertEquals(200, again.status(), "the message the closed MQTT connection held comes back");
        assertEquals("one", again.headers().get("iothub-messageid"));
        assertEquals("2", again.headers().get("iothub-deliverycount"));
        assertEquals(204, settle(device, token, "DELETE", unquote(again.headers().get("etag")), "").status());
    }

    @Test
    void aWrongKeyIsRefusedAsUnauthorized() throws Exception {
        Device device = newDevice();
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        DeviceClient client = new DeviceClient(ConnectionStrings.device(api.host(), device.getDeviceId(), wrongKey),
                IotHubClientProtocol.HTTPS, options());
        client.open(false);
        try {
            IotHubClientException refused = assertThrows(IotHubClientException.class, () -> client.sendEvent(new Message("x")));
            assertEquals(IotHubStatusCode.UNAUTHORIZED, refused.getStatusCode());
        } finally {
            client.close();
        }
        ServiceApi.Reply reply = events(device.getDeviceId(), SasTokens.device(api.host(), device.getDeviceId(), wrongKey), "x", Map.of());
        assertIotHubError(reply, 401, "IotHubUnauthorizedAccess");
        assertIotHubError(events(device.getDeviceId(), null, "x", Map.of()), 401, "IotHubUnauthorizedAccess");
    }

    @Test
    void aDeviceCannotUseAnotherDevicesPaths() throws Exception {
        Device mine = newDevice();
        Device other = newDevice();
        String myToken = deviceToken(mine);
        assertIotHubError(events(other.getDeviceId(), myToken, "spoofed", Map.of()), 401, "IotHubUnauthorizedAccess");
        assertIotHubError(poll(other, myToken, null), 401, "IotHubUnauthorizedAccess");
        assertEquals(204, sendToDevice(other, "private", Map.of()).status());
        ServiceApi.Reply theirs = poll(other, deviceToken(other), "1");
        assertEquals(200, theirs.status());
        ServiceApi.Reply stolen = settle(mine, myToken, "DELETE", unquote(theirs.headers().get("etag")), "");
        assertIotHubError(stolen, 412, "DeviceMessageLockLost");
        assertEquals(204, events(mine.getDeviceId(), myToken, "mine", Map.of()).status());
    }

    @Test
    void aDisabledDeviceIsRefused() throws Exception {
        Device device = newDevice();
        String token = deviceToken(device);
        assertEquals(204, events(device.getDeviceId(), token, "enabled", Map.of()).status());
        device.setStatus(DeviceStatus.Disabled);
        registry.updateDevice(device);
        assertIotHubError(events(device.getDeviceId(), token, "disabled", Map.of()), 401, "IotHubUnauthorizedAccess");
        assertIotHubError(poll(device, token, null), 401, "IotHubUnauthorizedAccess");
    }

    @Test
    void messagesOver256KbAreRefusedAsTooLarge() throws Exception {
        Device device = newDevice();
        String token = deviceToken(device);
        assertEquals(204, events(device.getDeviceId(), token, "x".repeat(256 * 1024), Map.of()).status(), "256 KB is allowed");
        assertIotHubError(events(device.getDeviceId(), token, "x".repeat(256 * 1024 + 1), Map.of()), 413, "MessageTooLarge");
        String batch = "[{\"body\":\"" + "A".repeat(256 * 1024) + "\",\"base64Encoded\":true}]";
        assertIotHubError(events(device.getDeviceId(), token, batch,
                Map.of("Content-Type", "application/vnd.microsoft.iothub.json")), 413, "MessageTooLarge");
        assertIotHubError(events(device.getDeviceId(), token, "[{\"nobody\":1}]",
                Map.of("Content-Type", "application/vnd.microsoft.iothub.json")), 400, "IotHubFormatError");
        assertIotHubError(poll(device, token, "soon"), 400, "ArgumentInvalid");
    }

    @Test
    void aModuleSendsOnItsOwnPathOnly() throws Exception {
        Device device = newDevice();
        Module module = registry.addModule(new Module(device.getDeviceId(), "sensor"));
        String moduleToken = SasTokens.sign(api.host() + "/devices/" + device.getDeviceId() + "/modules/sensor",
                module.getPrimaryKey(), System.currentTimeMillis() / 1000 + 3600);
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            ServiceApi.Reply sent = api.call("POST", "/devices/" + device.getDeviceId() + "/modules/sensor/messages/events",
                    "from the module", Map.of("Authorization", moduleToken, "iothub-messageid", "module-1"));
            assertEquals(204, sent.status(), sent.body());
            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(device.getDeviceId(), RECEIVE);
            assertNotNull(event);
            assertEquals("module-1", String.valueOf(event.messageId()));
            assertEquals("sensor", event.annotation("iothub-connection-module-id"));
        }
        assertIotHubError(events(device.getDeviceId(), moduleToken, "as the device", Map.of()), 401, "IotHubUnauthorizedAccess");
        assertEquals(404, api.call("POST", "/devices/" + device.getDeviceId() + "/modules/absent/messages/events", "x",
                Map.of("Authorization", deviceToken(device))).status(), "an unknown module is not found");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("https-" + UUID.randomUUID()));
    }

    private static ClientOptions options() throws Exception {
        return ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .receiveInterval(200)
                .build();
    }

    private static DeviceClient httpsClient(Device device) throws Exception {
        return new DeviceClient(ConnectionStrings.device(api.host(), device.getDeviceId(), device.getPrimaryKey()),
                IotHubClientProtocol.HTTPS, options());
    }

    private static String deviceToken(Device device) {
        return SasTokens.device(api.host(), device.getDeviceId(), device.getPrimaryKey());
    }

    private static String serviceConnectionString() {
        return "HostName=" + api.host() + ";SharedAccessKeyName=service;SharedAccessKey=" + api.policyKey("service");
    }

    private static ServiceApi.Reply sendToDevice(Device device, String body, Map<String, String> headers) {
        return api.sendToDevice(device.getDeviceId(), body, headers);
    }

    private static ServiceApi.Reply events(String deviceId, String token, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (token != null) {
            all.put("Authorization", token);
        }
        return api.call("POST", "/devices/" + deviceId + "/messages/events", body, all);
    }

    private static ServiceApi.Reply poll(Device device, String token, String lockSeconds) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", token));
        if (lockSeconds != null) {
            headers.put("iothub-messagelocktimeout", lockSeconds);
        }
        return api.call("GET", "/devices/" + device.getDeviceId() + "/messages/devicebound", null, headers);
    }

    /** @param suffix {@code ""}, {@code "/abandon"} or {@code "?reject"} */
    private static ServiceApi.Reply settle(Device device, String token, String method, String etag, String suffix) {
        String encoded = etag.replace("\"", "%22");
        return api.call(method, "/devices/" + device.getDeviceId() + "/messages/devicebound/" + encoded + suffix, null,
                Map.of("Authorization", token));
    }

    private static String unquote(String etag) {
        return etag.replace("\"", "");
    }

    private static void assertIotHubError(ServiceApi.Reply reply, int status, String errorCode) {
        assertEquals(status, reply.status(), reply.body());
        JsonObject body = JsonParser.parseString(reply.body()).getAsJsonObject();
        assertTrue(body.get("Message").getAsString().startsWith("ErrorCode:" + errorCode + ";"), reply.body());
        assertTrue(body.get("ExceptionMessage").getAsString().startsWith("Tracking ID:"), reply.body());
        assertEquals(errorCode, reply.headers().get("iothub-errorcode"));
    }

    private static void awaitPendingCount(Device device, int expected) throws Exception {
        PendingMessages.awaitCount(registry, device.getDeviceId(), expected);
    }
}
