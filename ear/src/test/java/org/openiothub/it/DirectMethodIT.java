package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.MethodCallback;
import com.microsoft.azure.sdk.iot.service.exceptions.ErrorCodeDescription;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** Direct methods from the official service SDK to devices on the official device SDK (and by hand) over MQTT. */
class DirectMethodIT {

    private static final Pattern REQUEST_TOPIC = Pattern.compile("\\$iothub/methods/POST/([^/]+)/\\?\\$rid=(.+)");

    private static RegistryClient registry;
    private static DirectMethodsClient methods;
    private static ServiceApi api;
    private static final List<DeviceClient> clients = new ArrayList<>();

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        methods = new DirectMethodsClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @AfterAll
    static void closeDevices() {
        clients.forEach(DeviceClient::close);
    }

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("method-" + UUID.randomUUID()));
    }

    /** A device on the official SDK, connected over MQTT and subscribed to methods with {@code callback}. */
    private static DeviceClient online(Device device, MethodCallback callback) throws Exception {
        ClientOptions tls = ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
        DeviceClient client = new DeviceClient(ConnectionStrings.device(api.host(), device.getDeviceId(),
                device.getPrimaryKey()), IotHubClientProtocol.MQTT, tls);
        clients.add(client);
        client.open(false);
        client.subscribeToMethods(callback, null);
        return client;
    }

    private static DirectMethodRequestOptions options(Object payload, int responseTimeout, int connectTimeout) {
        return DirectMethodRequestOptions.builder()
                .payload(payload)
                .methodResponseTimeoutSeconds(responseTimeout)
                .methodConnectTimeoutSeconds(connectTimeout)
                .build();
    }

    /** Answers {@code echo} with the request's own payload, anything else with 404. */
    private static final MethodCallback ECHO = (name, payload, context) -> "echo".equals(name)
            ? new DirectMethodResponse(200, payload.getPayloadAsJsonElement())
            : new DirectMethodResponse(404, Map.of("error", "no method " + name));

    @Test
    void theServiceSdkGetsTheDevicesAnswerWithItsPayload() throws Exception {
        Device device = newDevice();
        online(device, ECHO);
        var result = methods.invoke(device.getDeviceId(), "echo",
                options(Map.of("lamp", "kitchen", "level", 3), 30, 0));
        assertEquals(200, result.getStatus());
        JsonObject payload = result.getPayloadAsJsonElement().getAsJsonObject();
        assertEquals("kitchen", payload.get("lamp").getAsString());
        assertEquals(3, payload.get("level").getAsInt());

        var text = methods.invoke(device.getDeviceId(), "echo", options("just text", 30, 0));
        assertEquals("just text", text.getPayloadAsJsonElement().getAsString());
    }

    @Test
    void theDevicesOwnStatusReachesTheCallerAsAResultNotAnError() throws Exception {
        Device device = newDevice();
        online(device, ECHO);
        var result = methods.invoke(device.getDeviceId(), "unknownMethod", options(null, 30, 0));
        assertEquals(404, result.getStatus());
        assertEquals("no method unknownMethod", result.getPayloadAsJsonElement().getAsJsonObject().get("error").getAsString());
    }

    @Test
    void aDeviceThatIsNotConnectedIsNotOnline() throws Exception {
        Device device = newDevice();
        IotHubNotFoundException e = assertThrows(IotHubNotFoundException.class,
                () -> methods.invoke(device.getDeviceId(), "echo", options(null, 30, 0)));
        assertEquals(404103, e.getErrorCode());
        assertEquals(ErrorCodeDescription.DeviceNotOnline, e.getErrorCodeDescription());

        long start = System.nanoTime();
        IotHubNotFoundException waited = assertThrows(IotHubNotFoundException.class,
                () -> methods.invoke(device.getDeviceId(), "echo", options(null, 30, 2)));
        assertEquals(404103, waited.getErrorCode());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1900), "it waited for the connect time-out");
    }

    @Test
    void anUnregisteredDeviceIsNotFound() {
        IotHubNotFoundException e = assertThrows(IotHubNotFoundException.class,
                () -> methods.invoke("ghost-" + UUID.randomUUID(), "echo", options(null, 30, 0)));
        assertEquals(404001, e.getErrorCode());
    }

    @Test
    void aDeviceThatNeverAnswersIsAGatewayTimeout() throws Exception {
        Device device = newDevice();
        // Returning no response makes the SDK send none.
        online(device, (name, payload, context) -> null);
        long start = System.nanoTime();
        assertThrows(IotHubGatewayTimeoutException.class,
                () -> methods.invoke(device.getDeviceId(), "echo", options(null, 5, 0)));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsed >= 4900 && elapsed < 15_000, "timed out after " + elapsed + " ms");
    }

    @Test
    void aCallWaitsForADeviceThatConnectsWithinTheConnectTimeout() throws Exception {
        Device device = newDevice();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return methods.invoke(device.getDeviceId(), "echo", options(1, 30, 20)).getStatus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1500);
        online(device, ECHO);
        assertEquals(200, status.get(20, TimeUnit.SECONDS));
    }

    @Test
    void fiftyCallsInFlightAcrossFiveDevicesEachGetTheirOwnAnswer() throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Device device = newDevice();
            devices.add(device);
            String id = device.getDeviceId();
            // Answers slowly, so that all calls are in flight at once, naming itself and the call it answers.
            online(device, (name, payload, context) -> {
                sleep(300);
                return new DirectMethodResponse(200, Map.of("device", id, "call", payload.getPayloadAsJsonElement().getAsInt()));
            });
        }
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            List<Future<com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse>> calls = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                int call = n;
                String target = devices.get(n % 5).getDeviceId();
                calls.add(callers.submit(() -> methods.invoke(target, "whoami", options(call, 30, 0))));
            }
            for (int n = 0; n < 50; n++) {
                var result = calls.get(n).get(60, TimeUnit.SECONDS);
                JsonObject payload = result.getPayloadAsJsonElement().getAsJsonObject();
                assertEquals(200, result.getStatus());
                assertEquals(devices.get(n % 5).getDeviceId(), payload.get("device").getAsString());
                assertEquals(n, payload.get("call").getAsInt());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anotherDeviceCannotAnswerACallAndAnUnknownRequestIdIsIgnored() throws Exception {
        Device target = newDevice();
        Device intruder = newDevice();
        try (MqttDevice device = MqttDevice.connect(api.host(), target.getDeviceId(),
                SasTokens.device(api.host(), target.getDeviceId(), target.getPrimaryKey()));
             MqttDevice other = MqttDevice.connect(api.host(), intruder.getDeviceId(),
                SasTokens.device(api.host(), intruder.getDeviceId(), intruder.getPrimaryKey()))) {
            device.client.subscribe("$iothub/methods/POST/#", 0);
            other.client.subscribe("$iothub/methods/POST/#", 0);
            CompletableFuture<com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return methods.invoke(target.getDeviceId(), "open", options(Map.of("door", 1), 30, 0));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            MqttDevice.Received request = device.received.poll(15, TimeUnit.SECONDS);
            assertNotNull(request, "the device got the request");
            Matcher topic = REQUEST_TOPIC.matcher(request.topic());
            assertTrue(topic.matches(), request.topic());
            assertEquals("open", topic.group(1));
            assertEquals("{\"door\":1}", new String(request.payload(), StandardCharsets.UTF_8));
            String requestId = topic.group(2);

            other.client.publish("$iothub/methods/res/200/?$rid=" + requestId, "\"forged\"".getBytes(StandardCharsets.UTF_8), 0, false);
            device.client.publish("$iothub/methods/res/200/?$rid=unknown-1", "\"stray\"".getBytes(StandardCharsets.UTF_8), 0, false);
            Thread.sleep(500);
            device.client.publish("$iothub/methods/res/202/?$rid=" + requestId, "\"genuine\"".getBytes(StandardCharsets.UTF_8), 0, false);

            var result = call.get(15, TimeUnit.SECONDS);
            assertEquals(202, result.getStatus());
            assertEquals("genuine", result.getPayloadAsJsonElement().getAsString());
            assertTrue(other.received.isEmpty(), "the other device never saw the call");
            assertTrue(device.client.isConnected() && other.client.isConnected());
        }
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsSent() {
        String path = "/twins/" + "method-" + UUID.randomUUID() + "/methods";
        ServiceApi.Reply timeout = api.call("POST", path, "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":3}", api.ownerToken());
        assertEquals(400, timeout.status(), timeout.body());
        assertEquals(400004, errorCode(timeout));

        ServiceApi.Reply noName = api.call("POST", path, "{\"payload\":1}", api.ownerToken());
        assertEquals(400, noName.status(), noName.body());

        ServiceApi.Reply tooLarge = api.call("POST", path, "{\"methodName\":\"m\",\"payload\":\""
                + "x".repeat(128 * 1024) + "\"}", api.ownerToken());
        assertEquals(413, tooLarge.status(), tooLarge.body());
        assertEquals(413001, errorCode(tooLarge));
    }

    @Test
    void invokingAMethodNeedsServiceConnect() {
        String path = "/twins/" + "method-" + UUID.randomUUID() + "/methods";
        String readOnly = SasTokens.policy(api.host(), "registryRead", api.policyKey("registryRead"), 3600);
        assertEquals(401, api.call("POST", path, "{\"methodName\":\"m\"}", readOnly).status());
        String service = SasTokens.policy(api.host(), "service", api.policyKey("service"), 3600);
        ServiceApi.Reply reply = api.call("POST", path, "{\"methodName\":\"m\"}", service);
        assertEquals(404, reply.status(), reply.body());
        assertEquals(404001, errorCode(reply));
    }

    /** Method errors carry IoT Hub's numeric code in a JSON object inside {@code Message}, as the SDK expects. */
    private static int errorCode(ServiceApi.Reply reply) {
        String message = JsonParser.parseString(reply.body()).getAsJsonObject().get("Message").getAsString();
        return JsonParser.parseString(message).getAsJsonObject().get("errorCode").getAsInt();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
