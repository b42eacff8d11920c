package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/** Module identities, their twins and their MQTT connections, through the official SDKs. */
class ModuleIT {

    private static RegistryClient registry;
    private static TwinClient twins;
    private static DirectMethodsClient methods;
    private static QueryClient queries;
    private static ServiceApi api;
    private static String host;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        methods = new DirectMethodsClient(HubUnderTest.ownerConnectionString());
        queries = new QueryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
        host = ConnectionStrings.host(HubUnderTest.ownerConnectionString());
    }

    private static ClientOptions trustingTheHub() throws Exception {
        return ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString()))
                .build();
    }

    /** An open module client over MQTT, from the module's connection string. */
    private static ModuleClient openModule(Module module) throws Exception {
        String connectionString = "HostName=" + host + ";DeviceId=" + module.getDeviceId() + ";ModuleId="
                + module.getId() + ";SharedAccessKey=" + module.getPrimaryKey();
        ModuleClient client = new ModuleClient(connectionString, IotHubClientProtocol.MQTT, trustingTheHub());
        client.open(false);
        return client;
    }

    /** A module token as the device SDK makes it: {@code sr=host/devices/d/modules/m}. */
    private static String moduleToken(Module module) {
        return SasTokens.sign(host + "/devices/" + module.getDeviceId() + "/modules/" + module.getId(),
                module.getPrimaryKey(), java.time.Instant.now().getEpochSecond() + 3600);
    }

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("mod-dev-" + UUID.randomUUID()));
    }

    /*
     * iot-device-client 2.5.0 can lose a twin response on a busy machine (see TwinDeviceIT): the hub answered, the SDK
     * call times out. Asking again changes nothing for a GET; a report's outcome is read back through the service.
     */
    private static final int SDK_TIMEOUT_MILLIS = 20_000;

    private static com.microsoft.azure.sdk.iot.device.twin.Twin getTwin(ModuleClient client) throws Exception {
        try {
            return client.getTwin(SDK_TIMEOUT_MILLIS);
        } catch (IotHubClientException e) {
            if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                throw e;
            }
            return client.getTwin(SDK_TIMEOUT_MILLIS);
        }
    }

    private static void report(ModuleClient client, com.microsoft.azure.sdk.iot.device.twin.TwinCollection properties)
            throws Exception {
        try {
            client.updateReportedProperties(properties, SDK_TIMEOUT_MILLIS);
        } catch (IotHubClientException e) {
            if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                throw e;
            }
            // The assertions on the service's view of the twin tell whether the patch was written.
        }
    }

    @Test
    void serviceSdkCreatesGetsListsUpdatesAndDeletesAModule() throws Exception {
        Device device = newDevice();
        String deviceId = device.getDeviceId();
        Module created = registry.addModule(new Module(deviceId, "sensor"));
        assertEquals(deviceId, created.getDeviceId());
        assertEquals("sensor", created.getId());
        assertNotNull(created.getPrimaryKey(), "a SAS module gets generated keys");
        assertNotNull(created.getSecondaryKey());
        assertNotEquals(device.getPrimaryKey(), created.getPrimaryKey(), "keys of its own, not the device's");
        assertNotNull(created.getGenerationId());

        Module fetched = registry.getModule(deviceId, "sensor");
        assertEquals(created.getPrimaryKey(), fetched.getPrimaryKey());
        assertEquals(created.getETag(), fetched.getETag());

        registry.addModule(new Module(deviceId, "camera"));
        List<Module> modules = registry.getModulesOnDevice(deviceId);
        assertEquals(List.of("camera", "sensor"), modules.stream().map(Module::getId).toList());

        fetched.getSymmetricKey().setPrimaryKey(created.getSecondaryKey());
        fetched.getSymmetricKey().setSecondaryKey(created.getPrimaryKey());
        Module updated = registry.updateModule(fetched);
        assertEquals(created.getSecondaryKey(), updated.getPrimaryKey(), "keys sent are kept");
        assertNotEquals(created.getETag(), updated.getETag(), "an update moves the etag");

        registry.removeModule(updated);
        assertThrows(IotHubNotFoundException.class, () -> registry.getModule(deviceId, "sensor"));
        assertEquals(1, registry.getModulesOnDevice(deviceId).size());
    }

    @Test
    void addingAModuleTwiceIsAConflict() throws Exception {
        String deviceId = newDevice().getDeviceId();
        registry.addModule(new Module(deviceId, "twice"));
        assertThrows(IotHubConflictException.class, () -> registry.addModule(new Module(deviceId, "twice")));
        ServiceApi.Reply reply = api.call("PUT", "/devices/" + deviceId + "/modules/twice", "{\"moduleId\":\"twice\"}", api.ownerToken());
        assertEquals(409, reply.status());
        assertTrue(reply.body().contains("ModuleAlreadyExistsOnDevice"), reply.body());
        assertTrue(reply.body().contains("409301"), reply.body());
    }

    @Test
    void aMissingModuleOrDeviceIsNotFound() throws Exception {
        String deviceId = newDevice().getDeviceId();
        assertThrows(IotHubNotFoundException.class, () -> registry.getModule(deviceId, "absent"));
        ServiceApi.Reply missingModule = api.call("GET", "/devices/" + deviceId + "/modules/absent", null, api.ownerToken());
        assertEquals(404, missingModule.status());
        assertTrue(missingModule.body().contains("ModuleNotFound"), missingModule.body());
        assertTrue(missingModule.body().contains("404010"), missingModule.body());

        assertThrows(IotHubNotFoundException.class, () -> registry.addModule(new Module("no-such-device-" + UUID.randomUUID(), "m")));
        ServiceApi.Reply missingDevice = api.call("GET", "/devices/no-such-device-" + UUID.randomUUID() + "/modules", null, api.ownerToken());
        assertEquals(404, missingDevice.status());
        assertTrue(missingDevice.body().contains("DeviceNotFound"), missingDevice.body());
        assertThrows(IotHubNotFoundException.class, () -> registry.removeModule(deviceId, "absent"));
    }

    @Test
    void deletingWithAStaleEtagFailsItsPrecondition() throws Exception {
        String deviceId = newDevice().getDeviceId();
        Module stale = registry.addModule(new Module(deviceId, "etag"));
        Module current = registry.getModule(deviceId, "etag");
        current.getSymmetricKey().setPrimaryKey(stale.getSecondaryKey());
        registry.updateModule(current);
        assertThrows(IotHubPreconditionFailedException.class, () -> registry.removeModule(stale));
        registry.removeModule(deviceId, "etag");
    }

    @Test
    void badModuleIdsAndCredentialsAreRefused() {
        String deviceId = "mod-dev-" + UUID.randomUUID();
        assertEquals(200, api.call("PUT", "/devices/" + deviceId, "{\"deviceId\":\"" + deviceId + "\"}", api.ownerToken()).status());
        ServiceApi.Reply badId = api.call("PUT", "/devices/" + deviceId + "/modules/bad%20id", "{}", api.ownerToken());
        assertEquals(400, badId.status());
        assertTrue(badId.body().contains("ArgumentInvalid"), badId.body());
        ServiceApi.Reply badKey = api.call("PUT", "/devices/" + deviceId + "/modules/m",
                "{\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"short\"}}}", api.ownerToken());
        assertEquals(400, badKey.status());
        ServiceApi.Reply otherId = api.call("PUT", "/devices/" + deviceId + "/modules/m", "{\"moduleId\":\"n\"}", api.ownerToken());
        assertEquals(400, otherId.status());
        ServiceApi.Reply selfSigned = api.call("PUT", "/devices/" + deviceId + "/modules/x509",
                "{\"authentication\":{\"type\":\"selfSigned\",\"x509Thumbprint\":{\"primaryThumbprint\":\""
                        + "ab".repeat(20) + "\"}}}", api.ownerToken());
        assertEquals(200, selfSigned.status(), selfSigned.body());
        assertTrue(selfSigned.body().contains("\"type\":\"selfSigned\""), selfSigned.body());
        assertTrue(selfSigned.body().contains("ABABAB"), selfSigned.body());
    }

    @Test
    void deletingADeviceDeletesItsModules() throws Exception {
        String deviceId = newDevice().getDeviceId();
        registry.addModule(new Module(deviceId, "gone"));
        registry.removeDevice(deviceId);
        registry.addDevice(new Device(deviceId));
        assertTrue(registry.getModulesOnDevice(deviceId).isEmpty(), "a re-created device starts without modules");
        assertThrows(IotHubNotFoundException.class, () -> registry.getModule(deviceId, "gone"));
    }

    @Test
    void theServiceReadsAndPatchesAModuleTwin() throws Exception {
        String deviceId = newDevice().getDeviceId();
        registry.addModule(new Module(deviceId, "twinned"));
        Twin twin = twins.get(deviceId, "twinned");
        assertEquals(deviceId, twin.getDeviceId());
        assertEquals("twinned", twin.getModuleId());
        assertEquals(1, twin.getDesiredProperties().getVersion());

        Twin change = new Twin(deviceId, "twinned");
        change.getTags().put("room", "lab");
        change.getDesiredProperties().put("interval", 5);
        Twin patched = twins.patch(change);
        assertEquals("twinned", patched.getModuleId());
        assertEquals(5L, ((Number) patched.getDesiredProperties().get("interval")).longValue());
        assertEquals(2, patched.getDesiredProperties().getVersion());

        assertEquals("lab", twins.get(deviceId, "twinned").getTags().get("room"));
        assertTrue(twins.get(deviceId).getTags().isEmpty(), "the device's own twin is another document");

        ServiceApi.Reply stale = api.call("PATCH", "/twins/" + deviceId + "/modules/twinned",
                "{\"tags\":{\"room\":\"hall\"}}", Map.of("Authorization", api.ownerToken(), "If-Match", "\"AAAAAAAAAAE=\""));
        assertEquals(412, stale.status(), stale.body());
        ServiceApi.Reply missing = api.call("GET", "/twins/" + deviceId + "/modules/absent", null, api.ownerToken());
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("ModuleNotFound"), missing.body());
        ServiceApi.Reply tooDeep = api.call("PATCH", "/twins/" + deviceId + "/modules/twinned",
                "{\"tags\":{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":{\"l7\":{\"l8\":{\"l9\":{\"l10\":{\"l11\":{}}}}}}}}}}}}}",
                api.ownerToken());
        assertEquals(400, tooDeep.status(), "module twins have the device twins' limits: " + tooDeep.body());
        assertTrue(tooDeep.body().contains("ArgumentInvalid"), tooDeep.body());

        Twin found = queries.queryTwins("SELECT * FROM devices.modules WHERE deviceId = '" + deviceId + "'").next();
        assertEquals("twinned", found.getModuleId());
        assertEquals("lab", found.getTags().get("room"));
    }

    @Test
    void aModuleClientReportsGetsDesiredChangesAndAnswersMethods() throws Exception {
        String deviceId = newDevice().getDeviceId();
        Module module = registry.addModule(new Module(deviceId, "agent"));
        Twin preset = new Twin(deviceId, "agent");
        preset.getDesiredProperties().put("mode", "idle");
        twins.patch(preset);

        ModuleClient client = openModule(module);
        try {
            BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications = new LinkedBlockingQueue<>();
            client.subscribeToDesiredProperties((twin, context) -> notifications.add(twin), null);
            client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200,
                    Map.of("method", name, "module", "agent")), null);

            com.microsoft.azure.sdk.iot.device.twin.Twin own = getTwin(client);
            assertEquals("idle", own.getDesiredProperties().get("mode"), "the module reads its own twin");

            report(client, new com.microsoft.azure.sdk.iot.device.twin.TwinCollection(Map.of("temperature", 21)));
            Twin seen = twins.get(deviceId, "agent");
            assertEquals(21L, ((Number) seen.getReportedProperties().get("temperature")).longValue());
            assertTrue(twins.get(deviceId).getReportedProperties().isEmpty(), "the device twin is untouched");

            Twin change = new Twin(deviceId, "agent");
            change.getDesiredProperties().put("mode", "busy");
            Twin patched = twins.patch(change);
            com.microsoft.azure.sdk.iot.device.twin.Twin notification = notifications.poll(15, TimeUnit.SECONDS);
            assertNotNull(notification, "the module was told of the change");
            assertEquals("busy", notification.getDesiredProperties().get("mode"));
            assertEquals(patched.getDesiredProperties().getVersion(), notification.getDesiredProperties().getVersion());

            com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse answer = methods.invoke(deviceId, "agent",
                    "reboot", DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(15).methodConnectTimeoutSeconds(0).build());
            assertEquals(200, answer.getStatus());
            assertEquals("agent", answer.getPayloadAsJsonElement().getAsJsonObject().get("module").getAsString());
            assertThrows(IotHubNotFoundException.class, () -> methods.invoke(deviceId, "reboot",
                    DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(5).methodConnectTimeoutSeconds(0).build()),
                    "the device itself is not online: the call went to the module");
        } finally {
            client.close();
        }
    }

    @Test
    void aConnectedModuleShowsConnectedAndItsActivityUntilItCloses() throws Exception {
        String deviceId = newDevice().getDeviceId();
        Module module = registry.addModule(new Module(deviceId, "watched"));
        assertEquals(DeviceConnectionState.Disconnected, module.getConnectionState());

        ModuleClient client = openModule(module);
        try {
            awaitModuleState(deviceId, "watched", DeviceConnectionState.Connected);
            assertEquals(DeviceConnectionState.Disconnected, registry.getDevice(deviceId).getConnectionState(),
                    "the device itself is not connected");
            client.subscribeToDesiredProperties((twin, context) -> { }, null);
            report(client, new com.microsoft.azure.sdk.iot.device.twin.TwinCollection(Map.of("seen", true)));
            String twinState = String.valueOf(twins.get(deviceId, "watched").getConnectionState());
            assertTrue("connected".equalsIgnoreCase(twinState), "the module twin shows it connected: " + twinState);
        } finally {
            client.close();
        }
        awaitModuleState(deviceId, "watched", DeviceConnectionState.Disconnected);
        String lastActivity = registry.getModule(deviceId, "watched").getLastActivityTime();
        assertTrue(lastActivity != null && !lastActivity.startsWith("0001"), "activity was recorded: " + lastActivity);
    }

    private static void awaitModuleState(String deviceId, String moduleId, DeviceConnectionState expected)
            throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        DeviceConnectionState state = registry.getModule(deviceId, moduleId).getConnectionState();
        while (state != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            state = registry.getModule(deviceId, moduleId).getConnectionState();
        }
        assertEquals(expected, state);
    }

    @Test
    void aModuleTokenOpensNeitherAnotherModuleNorItsDevice() throws Exception {
        Device device = newDevice();
        String deviceId = device.getDeviceId();
        Module first = registry.addModule(new Module(deviceId, "first"));
        registry.addModule(new Module(deviceId, "second"));
        String token = moduleToken(first);

        ModuleClient asSecond = new ModuleClient(host, deviceId, "second", token::toCharArray, IotHubClientProtocol.MQTT,
                trustingTheHub());
        assertThrows(IotHubClientException.class, () -> asSecond.open(false));
        asSecond.close();

        DeviceClient asDevice = new DeviceClient(host, deviceId, token::toCharArray, IotHubClientProtocol.MQTT,
                trustingTheHub());
        assertThrows(IotHubClientException.class, () -> asDevice.open(false));
        asDevice.close();

        String deviceToken = SasTokens.sign(host + "/devices/" + deviceId + "/modules/first", device.getPrimaryKey(),
                java.time.Instant.now().getEpochSecond() + 3600);
        ModuleClient withDeviceKey = new ModuleClient(host, deviceId, "first", deviceToken::toCharArray,
                IotHubClientProtocol.MQTT, trustingTheHub());
        assertThrows(IotHubClientException.class, () -> withDeviceKey.open(false), "a module signs with its own keys");
        withDeviceKey.close();

        ModuleClient own = new ModuleClient(host, deviceId, "first", token::toCharArray, IotHubClientProtocol.MQTT,
                trustingTheHub());
        own.open(false);
        own.close();
    }

    @Test
    void reKeyingOrDeletingAConnectedModuleDisconnectsItAlone() throws Exception {
        String deviceId = newDevice().getDeviceId();
        Module rekeyed = registry.addModule(new Module(deviceId, "rekeyed"));
        Module deleted = registry.addModule(new Module(deviceId, "deleted"));
        Module sibling = registry.addModule(new Module(deviceId, "sibling"));
        try (MqttDevice first = MqttDevice.connect(host, deviceId + "/rekeyed", moduleToken(rekeyed));
             MqttDevice second = MqttDevice.connect(host, deviceId + "/deleted", moduleToken(deleted));
             MqttDevice third = MqttDevice.connect(host, deviceId + "/sibling", moduleToken(sibling))) {
            Module current = registry.getModule(deviceId, "rekeyed");
            current.getSymmetricKey().setPrimaryKey(rekeyed.getSecondaryKey());
            registry.updateModule(current);
            assertTrue(first.disconnectedWithin(5), "new keys end the old session");

            registry.removeModule(deviceId, "deleted");
            assertTrue(second.disconnectedWithin(5), "a deleted module is disconnected");

            assertTrue(third.client.isConnected(), "the other module stays connected");
        }
    }
}
