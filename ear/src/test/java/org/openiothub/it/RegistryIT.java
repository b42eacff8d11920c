package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** The identity registry through the official service SDK, and the refusals around it by hand. */
class RegistryIT {

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    private static String newId() {
        return "reg-" + UUID.randomUUID();
    }

    @Test
    void serviceSdkCreatesGetsUpdatesAndDeletesADevice() throws Exception {
        String id = newId();
        Device created = registry.addDevice(new Device(id));
        assertEquals(id, created.getDeviceId());
        assertNotNull(created.getPrimaryKey(), "a SAS device gets generated keys");
        assertNotNull(created.getSecondaryKey());
        assertEquals(DeviceStatus.Enabled, created.getStatus());

        Device fetched = registry.getDevice(id);
        assertEquals(created.getPrimaryKey(), fetched.getPrimaryKey());
        assertEquals(created.getETag(), fetched.getETag());
        assertEquals(created.getGenerationId(), fetched.getGenerationId());

        fetched.setStatus(DeviceStatus.Disabled);
        Device updated = registry.updateDevice(fetched);
        assertEquals(DeviceStatus.Disabled, updated.getStatus());
        assertNotEquals(created.getETag(), updated.getETag(), "an update moves the etag");
        assertEquals(created.getPrimaryKey(), updated.getPrimaryKey(), "keys sent back are kept");

        registry.removeDevice(updated);
        assertThrows(IotHubNotFoundException.class, () -> registry.getDevice(id));
    }

    @Test
    void creatingAnExistingDeviceIsAConflict() throws Exception {
        String id = newId();
        registry.addDevice(new Device(id));
        assertThrows(IotHubConflictException.class, () -> registry.addDevice(new Device(id)));
    }

    @Test
    void deletingWithAStaleEtagFailsItsPrecondition() throws Exception {
        String id = newId();
        Device stale = registry.addDevice(new Device(id));
        Device current = registry.getDevice(id);
        current.setStatus(DeviceStatus.Disabled);
        registry.updateDevice(current);
        assertThrows(IotHubPreconditionFailedException.class, () -> registry.removeDevice(stale));
        registry.removeDevice(id);
    }

    @Test
    void operatorKeysAreKeptAndBadKeysRefused() throws Exception {
        String id = newId();
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Device device = new Device(id);
        device.setSymmetricKey(new com.microsoft.azure.sdk.iot.service.auth.SymmetricKey());
        device.getSymmetricKey().setPrimaryKey(key);
        device.getSymmetricKey().setSecondaryKey(key);
        assertEquals(key, registry.addDevice(device).getPrimaryKey());

        ServiceApi.Reply reply = api.call("PUT", "/devices/" + newId(), "{\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"not-base64!\"}}}", api.ownerToken());
        assertEquals(400, reply.status());
        assertTrue(reply.body().contains("ErrorCode:ArgumentInvalid"), reply.body());
    }

    @Test
    void unknownDeviceIsDeviceNotFoundInIotHubShape() {
        ServiceApi.Reply reply = api.call("GET", "/devices/" + newId(), null, api.ownerToken());
        assertEquals(404, reply.status());
        assertTrue(reply.body().startsWith("{\"Message\":\"ErrorCode:DeviceNotFound;"), reply.body());
        assertTrue(reply.body().contains("\"ExceptionMessage\":\"Tracking ID:"), reply.body());
        assertTrue(reply.body().contains("\"errorCode\":404001"), reply.body());
        assertEquals("DeviceNotFound", reply.headers().get("iothub-errorcode"));
    }

    @Test
    void malformedJsonAndBadIdsAreBadRequests() {
        ServiceApi.Reply json = api.call("PUT", "/devices/" + newId(), "{\"deviceId\":", api.ownerToken());
        assertEquals(400, json.status());
        assertTrue(json.body().contains("ErrorCode:IotHubFormatError"), json.body());

        ServiceApi.Reply id = api.call("PUT", "/devices/bad%20id", "{}", api.ownerToken());
        assertEquals(400, id.status());
        assertTrue(id.body().contains("ErrorCode:ArgumentInvalid"), id.body());

        ServiceApi.Reply mismatch = api.call("PUT", "/devices/" + newId(), "{\"deviceId\":\"other\"}", api.ownerToken());
        assertEquals(400, mismatch.status());
    }

    @Test
    void ifMatchIsAcceptedQuotedOrUnquoted() {
        String id = newId();
        ServiceApi.Reply created = api.call("PUT", "/devices/" + id, "{}", api.ownerToken());
        String etag = created.headers().get("etag").replace("\"", "");
        ServiceApi.Reply unquoted = api.call("PUT", "/devices/" + id, "{\"statusReason\":\"a\"}",
                java.util.Map.of("Authorization", api.ownerToken(), "If-Match", etag));
        assertEquals(200, unquoted.status(), unquoted.body());
        String next = unquoted.headers().get("etag");
        ServiceApi.Reply quoted = api.call("DELETE", "/devices/" + id, null,
                java.util.Map.of("Authorization", api.ownerToken(), "If-Match", next));
        assertEquals(204, quoted.status(), quoted.body());
    }
}
