package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.MultiplexingClient;
import com.microsoft.azure.sdk.iot.device.MultiplexingClientOptions;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.MultiplexingClientRegistrationException;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * Devices and modules on the official device SDK's AMQPS transport: telemetry read back by a back end,
 * cloud-to-device messages completed, abandoned and rejected with their feedback, twins, direct methods, the
 * registry's connection state, and several devices multiplexed on one connection.
 */
class AmqpDeviceIT {

    private static final Duration RECEIVE = Duration.ofSeconds(15);
    /** A feedback batch waits up to 15 s for company; the outbox is published every second. */
    private static final Duration FEEDBACK = Duration.ofSeconds(30);
    private static final int SDK_TIMEOUT_MILLIS = 20_000;

    private static RegistryClient registry;
    private static TwinClient twins;
    private static DirectMethodsClient methods;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        methods = new DirectMethodsClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    private static ClientOptions trustingTheHub() throws Exception {
        return ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
    }

    static DeviceClient amqpClient(String deviceId, String key) throws Exception {
        return new DeviceClient(ConnectionStrings.device(api.host(), deviceId, key), IotHubClientProtocol.AMQPS, trustingTheHub());
    }

    private static DirectMethodRequestOptions within(int seconds, Object payload) {
        return DirectMethodRequestOptions.builder().payload(payload).methodResponseTimeoutSeconds(seconds)
                .methodConnectTimeoutSeconds(0).build();
    }

    private static ServiceApi.Reply sendToDevice(String deviceId, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", api.ownerToken());
        return api.call("POST", "/devices/" + deviceId + "/messages/deviceBound", body, all);
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

    @Test
    void telemetryOverAmqpReachesTheBackEndWithItsProperties() throws Exception {
        String id = "amqp-tel-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            DeviceClient client = amqpClient(id, device.getPrimaryKey());
            client.open(false);
            try {
                com.microsoft.azure.sdk.iot.device.Message message =
                        new com.microsoft.azure.sdk.iot.device.Message("{\"temperature\":22.5}");
                message.setMessageId("amqp-mid-1");
                message.setCorrelationId("amqp-cid-1");
                message.setContentType("application/json");
                message.setContentEncoding("utf-8");
                message.setProperty("alert", "high temp");
                client.sendEvent(message);
            } finally {
                client.close();
            }
            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(id, Duration.ofSeconds(15));
            assertNotNull(event, "the event reached $Default");
            assertArrayEquals("{\"temperature\":22.5}".getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
            assertEquals("amqp-mid-1", String.valueOf(event.messageId()));
            assertEquals("amqp-cid-1", String.valueOf(event.correlationId()));
            assertEquals("application/json", event.contentType());
            assertEquals("utf-8", event.contentEncoding());
            assertEquals("high temp", event.property("alert"));
            assertEquals(id, event.annotation("iothub-connection-device-id"));
            assertTrue(String.valueOf(event.annotation("iothub-connection-auth-method")).contains("\"type\":\"sas\""));
        }
    }

    @Test
    void cloudToDeviceMessagesAreCompletedAbandonedAndRejectedWithTheirFeedback() throws Exception {
        String id = "amqp-c2d-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        String completed = "ok-" + UUID.randomUUID();
        String abandoned = "ab-" + UUID.randomUUID();
        String rejected = "rj-" + UUID.randomUUID();
        Map<String, List<com.microsoft.azure.sdk.iot.device.Message>> received = new ConcurrentHashMap<>();
        BlockingQueue<String> settled = new LinkedBlockingQueue<>();
        try (FeedbackReader feedback = FeedbackReader.open("iothubowner", api.ownerToken())) {
            DeviceClient client = amqpClient(id, device.getPrimaryKey());
            client.setMessageCallback((message, context) -> {
                List<com.microsoft.azure.sdk.iot.device.Message> copies =
                        received.computeIfAbsent(message.getMessageId(), ignored -> new ArrayList<>());
                copies.add(message);
                IotHubMessageResult result = message.getMessageId().equals(rejected) ? IotHubMessageResult.REJECT
                        : message.getMessageId().equals(abandoned) && copies.size() == 1 ? IotHubMessageResult.ABANDON
                        : IotHubMessageResult.COMPLETE;
                settled.add(message.getMessageId() + ":" + result);
                return result;
            }, null);
            client.open(false);
            try {
                awaitState(id, DeviceConnectionState.Connected);
                assertEquals(204, sendToDevice(id, "{\"lamp\":\"on\"}", Map.of("iothub-messageid", completed,
                        "iothub-correlationid", "corr-1", "iothub-ack", "full", "iothub-app-color", "blue",
                        "iothub-contenttype", "application/json")).status());
                assertEquals(204, sendToDevice(id, "again", Map.of("iothub-messageid", abandoned, "iothub-ack", "full")).status());
                assertEquals(204, sendToDevice(id, "no", Map.of("iothub-messageid", rejected, "iothub-ack", "full")).status());

                List<String> outcomes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String outcome = settled.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
                    assertNotNull(outcome, "settled so far: " + outcomes);
                    outcomes.add(outcome);
                }
                assertEquals(List.of(completed + ":COMPLETE", abandoned + ":ABANDON", abandoned + ":COMPLETE",
                        rejected + ":REJECT"), outcomes, "in order, the abandoned message delivered again before the next");

                com.microsoft.azure.sdk.iot.device.Message first = received.get(completed).get(0);
                assertArrayEquals("{\"lamp\":\"on\"}".getBytes(StandardCharsets.UTF_8), first.getBytes());
                assertEquals("corr-1", first.getCorrelationId());
                assertEquals("blue", first.getProperty("color"));
                assertEquals("application/json", first.getContentType());
                assertEquals(2, received.get(abandoned).size());
                assertEquals(1, received.get(rejected).size());
                // the SDK settles after the callback returns: close once the hub has every outcome
                long deadline = System.currentTimeMillis() + 10_000;
                while (registry.getDevice(id).getCloudToDeviceMessageCount() > 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(0, registry.getDevice(id).getCloudToDeviceMessageCount(), "every message settled");
            } finally {
                client.close();
            }
            awaitState(id, DeviceConnectionState.Disconnected);

            Map<String, String> statuses = new HashMap<>();
            long deadline = System.nanoTime() + FEEDBACK.toNanos();
            while (statuses.size() < 3 && System.nanoTime() < deadline) {
                FeedbackReader.Batch batch = feedback.next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                if (batch == null) {
                    break;
                }
                for (JsonObject record : batch.records()) {
                    String original = record.get("originalMessageId").getAsString();
                    if (List.of(completed, abandoned, rejected).contains(original)) {
                        statuses.put(original, record.get("statusCode").getAsString());
                    }
                }
            }
            assertEquals(Map.of(completed, "Success", abandoned, "Success", rejected, "Rejected"), statuses);
        }
    }

    @Test
    void aDeviceReadsAndReportsItsTwinIsToldOfDesiredChangesAndAnswersMethods() throws Exception {
        String id = "amqp-twin-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        Twin preset = new Twin(id);
        preset.getDesiredProperties().put("fan", 3);
        twins.patch(preset);
        DeviceClient client = amqpClient(id, device.getPrimaryKey());
        client.open(false);
        try {
            BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications = new LinkedBlockingQueue<>();
            client.subscribeToDesiredProperties((twin, context) -> notifications.add(twin), null);
            client.subscribeToMethods((name, payload, context) -> "echo".equals(name)
                    ? new DirectMethodResponse(200, payload.getPayloadAsJsonElement())
                    : new DirectMethodResponse(404, Map.of("error", "no method " + name)), null);

            com.microsoft.azure.sdk.iot.device.twin.Twin own = DeviceSdkTwins.getTwin(client);
            assertEquals(3, ((Number) own.getDesiredProperties().get("fan")).intValue());
            assertEquals(2, own.getDesiredProperties().getVersion());

            int version = client.updateReportedProperties(new com.microsoft.azure.sdk.iot.device.twin.TwinCollection(
                    Map.of("battery", 80)), SDK_TIMEOUT_MILLIS).getVersion();
            assertEquals(2, version);
            Twin seen = twins.get(id);
            assertEquals(80L, ((Number) seen.getReportedProperties().get("battery")).longValue());
            assertEquals(2, seen.getReportedProperties().getVersion());

            Twin change = new Twin(id);
            change.getDesiredProperties().put("fan", 5);
            Twin patched = twins.patch(change);
            com.microsoft.azure.sdk.iot.device.twin.Twin notification = notifications.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            while (notification != null && !Integer.valueOf(5).equals(asInt(notification.getDesiredProperties().get("fan")))) {
                notification = notifications.poll(RECEIVE.toSeconds(), TimeUnit.SECONDS);
            }
            assertNotNull(notification, "the device was told of the change");
            assertEquals(patched.getDesiredProperties().getVersion(), notification.getDesiredProperties().getVersion());

            var answer = methods.invoke(id, "echo", within(15, Map.of("level", 7)));
            assertEquals(200, answer.getStatus());
            assertEquals(7, answer.getPayloadAsJsonElement().getAsJsonObject().get("level").getAsInt());
            var unknown = methods.invoke(id, "nothing", within(15, null));
            assertEquals(404, unknown.getStatus());
            assertEquals("no method nothing", unknown.getPayloadAsJsonElement().getAsJsonObject().get("error").getAsString());
        } finally {
            client.close();
        }
    }

    private static Integer asInt(Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }

    @Test
    void aModuleSendsTelemetryUsesItsTwinAndAnswersMethodsOverAmqp() throws Exception {
        String deviceId = "amqp-mod-" + UUID.randomUUID();
        registry.addDevice(new Device(deviceId));
        Module module = registry.addModule(new Module(deviceId, "agent"));
        Twin preset = new Twin(deviceId, "agent");
        preset.getDesiredProperties().put("mode", "idle");
        twins.patch(preset);
        String connectionString = "HostName=" + api.host() + ";DeviceId=" + deviceId + ";ModuleId=agent;SharedAccessKey="
                + module.getPrimaryKey();
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            ModuleClient client = new ModuleClient(connectionString, IotHubClientProtocol.AMQPS, trustingTheHub());
            client.open(false);
            try {
                client.subscribeToDesiredProperties((twin, context) -> {
                }, null);
                client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200,
                        Map.of("method", name, "module", "agent")), null);
                client.sendEvent(new com.microsoft.azure.sdk.iot.device.Message("from the module"));

                assertEquals("idle", DeviceSdkTwins.getTwin(client).getDesiredProperties().get("mode"));
                DeviceSdkTwins.report(client, Map.of("temperature", 21));
                assertEquals(21L, ((Number) twins.get(deviceId, "agent").getReportedProperties().get("temperature")).longValue());
                assertTrue(twins.get(deviceId).getReportedProperties().isEmpty(), "the device twin is untouched");

                var answer = methods.invoke(deviceId, "agent", "reboot", within(15, null));
                assertEquals(200, answer.getStatus());
                assertEquals("agent", answer.getPayloadAsJsonElement().getAsJsonObject().get("module").getAsString());
            } finally {
                client.close();
            }
            org.apache.qpid.protonj2.client.Message<Object> event = reader.next(deviceId, RECEIVE);
            assertNotNull(event, "the module's event reached $Default");
            assertEquals("agent", event.annotation("iothub-connection-module-id"));
            assertArrayEquals("from the module".getBytes(StandardCharsets.UTF_8), (byte[]) event.body());
        }
    }

    @Test
    void multiplexedDevicesSendAndAnswerOnOneConnectionAndAWrongKeyFailsOnlyItsDevice() throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            devices.add(registry.addDevice(new Device("amqp-mux-" + i + "-" + UUID.randomUUID())));
        }
        Device impostor = registry.addDevice(new Device("amqp-mux-bad-" + UUID.randomUUID()));
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        MultiplexingClient multiplexing = new MultiplexingClient(api.host(), IotHubClientProtocol.AMQPS,
                MultiplexingClientOptions.builder().sslContext(
                        IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString())).build());
        List<DeviceClient> clients = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        for (Device device : devices) {
            DeviceClient client = amqpClient(device.getDeviceId(), device.getPrimaryKey());
            clients.add(client);
        }
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            multiplexing.registerDeviceClients(clients);
            multiplexing.open(false);
            try {
                for (DeviceClient client : clients) {
                    String id = client.getConfig().getDeviceId();
                    client.subscribeToMethods((name, payload, context) -> {
                        calls.incrementAndGet();
                        return new DirectMethodResponse(200, Map.of("device", id));
                    }, null);
                }
                DeviceClient bad = amqpClient(impostor.getDeviceId(), wrongKey);
                MultiplexingClientRegistrationException refused = assertThrows(MultiplexingClientRegistrationException.class,
                        () -> multiplexing.registerDeviceClient(bad));
                assertTrue(refused.getRegistrationExceptions().containsKey(impostor.getDeviceId()), String.valueOf(refused.getRegistrationExceptions()));
                assertFalse(multiplexing.isDeviceRegistered(impostor.getDeviceId()));

                for (DeviceClient client : clients) {
                    client.sendEvent(new com.microsoft.azure.sdk.iot.device.Message("mux from " + client.getConfig().getDeviceId()));
                }
                for (Device device : devices) {
                    var answer = methods.invoke(device.getDeviceId(), "whoami", within(15, null));
                    assertEquals(200, answer.getStatus());
                    assertEquals(device.getDeviceId(), answer.getPayloadAsJsonElement().getAsJsonObject().get("device").getAsString());
                    assertEquals(DeviceConnectionState.Connected, registry.getDevice(device.getDeviceId()).getConnectionState());
                }
                assertEquals(3, calls.get());
                assertEquals(DeviceConnectionState.Disconnected, registry.getDevice(impostor.getDeviceId()).getConnectionState());
            } finally {
                multiplexing.close();
            }
            List<String> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                org.apache.qpid.protonj2.client.Message<Object> event = reader.next(message -> String.valueOf(
                        message.annotation("iothub-connection-device-id")).startsWith("amqp-mux-"), RECEIVE);
                assertNotNull(event, "events so far from " + senders);
                senders.add(String.valueOf(event.annotation("iothub-connection-device-id")));
            }
            assertEquals(devices.stream().map(Device::getDeviceId).sorted().toList(), senders.stream().sorted().toList());
        }
    }
}
