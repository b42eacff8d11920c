package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** Module identities, their twins and their MQTT connections, through the official SDKs. */
class ModuleIT {

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    private static Device newDevice() throws Exception {
        return registry.addDevice(new Device("mod-dev-" + UUID.randomUUID()));
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
}
