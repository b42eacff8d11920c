package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinCollection;
import com.microsoft.azure.sdk.iot.service.twin.TwinStatus;

/** Twins through the official service SDK's TwinClient, and what it cannot send by hand. */
class TwinServiceIT {

    private static RegistryClient registry;
    private static TwinClient twins;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    private static String newDevice() throws Exception {
        String id = "twin-" + UUID.randomUUID();
        registry.addDevice(new Device(id));
        return id;
    }

    @Test
    void aNewDeviceHasAnEmptyTwinAtVersionOne() throws Exception {
        String id = newDevice();
        Twin twin = twins.get(id);
        assertEquals(id, twin.getDeviceId());
        assertEquals("AAAAAAAAAAE=", twin.getETag());
        assertEquals(1, twin.getVersion());
        assertEquals(1, twin.getDesiredProperties().getVersion());
        assertEquals(1, twin.getReportedProperties().getVersion());
        assertTrue(twin.getTags().isEmpty());
        assertTrue(twin.getDesiredProperties().isEmpty());
        assertEquals(TwinStatus.ENABLED, twin.getStatus());
        assertEquals("DISCONNECTED", twin.getConnectionState());
        assertNotNull(twin.getDesiredProperties().getTwinMetadata().getLastUpdated());
    }

    @Test
    void patchMergesTagsAndDesiredPropertiesAndANullRemovesAKey() throws Exception {
        String id = newDevice();
        Twin twin = twins.get(id);
        twin.getTags().put("site", Map.of("building", "43", "floor", 2));
        twin.getDesiredProperties().put("fan", Map.of("speed", 3, "mode", "auto"));
        twin.getDesiredProperties().put("led", true);
        Twin patched = twins.patch(twin);
        assertEquals(2, patched.getDesiredProperties().getVersion());
        assertEquals(2, patched.getVersion());
        assertEquals("43", ((Map<?, ?>) patched.getTags().get("site")).get("building"));
        assertEquals(true, patched.getDesiredProperties().get("led"));
        assertEquals(2, patched.getDesiredProperties().getTwinMetadata("fan").getLastUpdatedVersion());
        assertNotEquals(twin.getETag(), patched.getETag());

        Twin change = new Twin(id);
        change.getDesiredProperties().put("led", null);
        change.getDesiredProperties().put("fan", Map.of("speed", 5));
        Twin second = twins.patch(change);
        assertFalse(second.getDesiredProperties().containsKey("led"), "a null removes the key");
        Map<?, ?> fan = (Map<?, ?>) second.getDesiredProperties().get("fan");
        assertEquals(5L, ((Number) fan.get("speed")).longValue());
        assertEquals("auto", fan.get("mode"), "objects merge member by member");
        assertEquals(3, second.getDesiredProperties().getVersion());
        assertEquals(3, second.getDesiredProperties().getTwinMetadata("fan").getLastUpdatedVersion());
        assertEquals(2, ((Map<?, ?>) second.getTags().get("site")).size(), "tags not in the patch are kept");
        assertEquals(second.getETag(), twins.get(id).getETag());
    }

    @Test
    void replaceSwapsTagsAndDesiredPropertiesWhole() throws Exception {
        String id = newDevice();
        Twin twin = new Twin(id);
        twin.getTags().put("a", 1);
        twin.getDesiredProperties().put("x", 1);
        twins.patch(twin);

        Twin replacement = new Twin(id);
        replacement.getTags().put("b", 2);
        replacement.getDesiredProperties().put("y", 2);
        Twin replaced = twins.replace(replacement);
        assertEquals(Map.of("b", 2L), Map.copyOf(replaced.getTags()));
        assertEquals(Map.of("y", 2L), Map.copyOf(replaced.getDesiredProperties()));
        assertEquals(3, replaced.getDesiredProperties().getVersion());
    }

    @Test
    void aStaleEtagFailsThePreconditionAndTheCurrentOneSucceeds() throws Exception {
        String id = newDevice();
        Twin stale = twins.get(id);
        Twin change = new Twin(id);
        change.getTags().put("owner", "ops");
        Twin current = twins.patch(change, stale.getETag());

        change.getTags().put("owner", "dev");
        assertThrows(IotHubPreconditionFailedException.class, () -> twins.patch(change, stale.getETag()));
        assertThrows(IotHubPreconditionFailedException.class, () -> twins.replace(change, stale.getETag()));
        assertEquals("dev", twins.patch(change, current.getETag()).getTags().get("owner"));
        assertEquals("dev", twins.patch(change, "*").getTags().get("owner"));
    }

    @Test
    void theTwinShowsTheRegistrysStatus() throws Exception {
        String id = newDevice();
        Device device = registry.getDevice(id);
        device.setStatus(DeviceStatus.Disabled);
        registry.updateDevice(device);
        Twin twin = twins.get(id);
        assertEquals(TwinStatus.DISABLED, twin.getStatus());
        assertEquals("DISCONNECTED", twin.getConnectionState());
    }

    @Test
    void anUnknownDeviceHasNoTwinAndADeletedDevicesTwinGoesWithIt() throws Exception {
        assertThrows(IotHubNotFoundException.class, () -> twins.get("ghost-" + UUID.randomUUID()));
        String id = newDevice();
        Twin twin = new Twin(id);
        twin.getTags().put("a", 1);
        twins.patch(twin);
        registry.removeDevice(id);
        assertThrows(IotHubNotFoundException.class, () -> twins.get(id));
        assertThrows(IotHubNotFoundException.class, () -> twins.patch(twin));
        registry.addDevice(new Device(id));
        assertTrue(twins.get(id).getTags().isEmpty(), "a device created again starts with an empty twin");
    }

    @Test
    void overLimitUpdatesAreRefusedAsBadFormat() throws Exception {
        String id = newDevice();
        Twin big = new Twin(id);
        for (int i = 0; i < 9; i++) {
            big.getDesiredProperties().put("k" + i, "v".repeat(4000));
        }
        IotHubBadFormatException tooBig = assertThrows(IotHubBadFormatException.class, () -> twins.patch(big));
        assertTrue(tooBig.getMessage().contains("32768"), tooBig.getMessage());

        Twin longString = new Twin(id);
        longString.getTags().put("s", "v".repeat(4097));
        assertThrows(IotHubBadFormatException.class, () -> twins.patch(longString));

        assertEquals(1, twins.get(id).getVersion(), "a refused update changes nothing");
    }

    @Test
    void reservedKeysDepthAndIntegerRangeAreRefusedWithArgumentInvalid() throws Exception {
        String id = newDevice();
        String[] refused = {
            "{\"properties\":{\"desired\":{\"a\":{\"$b\":1}}}}",
            "{\"tags\":{\"a.b\":1}}",
            "{\"properties\":{\"desired\":{\"n\":4503599627370496}}}",
            "{\"tags\":{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":{\"l7\":{\"l8\":{\"l9\":{\"l10\":{\"l11\":{}}}}}}}}}}}}}",
        };
        for (String body : refused) {
            ServiceApi.Reply reply = api.call("PATCH", "/twins/" + id, body, api.ownerToken());
            assertEquals(400, reply.status(), body + " -> " + reply.body());
            assertTrue(reply.body().contains("ErrorCode:ArgumentInvalid"), reply.body());
        }
        ServiceApi.Reply deepest = api.call("PATCH", "/twins/" + id,
                "{\"tags\":{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":{\"l7\":{\"l8\":{\"l9\":{\"l10\":{\"leaf\":1}}}}}}}}}}}}", api.ownerToken());
        assertEquals(200, deepest.status(), deepest.body());
    }

    @Test
    void patchWorksAsPatchAndAsPostWithMethodOverrideAndAnswersWithTheEtag() {
        String id = "twin-" + UUID.randomUUID();
        api.call("PUT", "/devices/" + id, "{}", api.ownerToken());
        ServiceApi.Reply patch = api.call("PATCH", "/twins/" + id, "{\"tags\":{\"a\":1}}",
                Map.of("Authorization", api.ownerToken(), "If-Match", "\"AAAAAAAAAAE=\""));
        assertEquals(200, patch.status(), patch.body());
        assertEquals("\"AAAAAAAAAAI=\"", patch.headers().get("etag"));
        ServiceApi.Reply post = api.call("POST", "/twins/" + id, "{\"tags\":{\"b\":2}}",
                Map.of("Authorization", api.ownerToken(), "X-HTTP-Method-Override", "PATCH", "If-Match", "AAAAAAAAAAI="));
        assertEquals(200, post.status(), post.body());
        JsonObject twin = JsonParser.parseString(post.body()).getAsJsonObject();
        assertEquals(2, twin.getAsJsonObject("tags").size());
        assertEquals(3, twin.get("version").getAsInt());
        assertEquals(405, api.call("POST", "/twins/" + id, "{}", api.ownerToken()).status(), "a plain POST is no patch");
    }

    @Test
    void reportedPropertiesAreTheDevicesOnly() throws Exception {
        String id = newDevice();
        ServiceApi.Reply reply = api.call("PATCH", "/twins/" + id, "{\"properties\":{\"reported\":{\"x\":1}}}", api.ownerToken());
        assertEquals(400, reply.status(), reply.body());
        ServiceApi.Reply wholeTwin = api.call("PUT", "/twins/" + id, api.call("GET", "/twins/" + id, null, api.ownerToken()).body(),
                api.ownerToken());
        assertEquals(200, wholeTwin.status(), "a twin read with GET may be sent back whole: " + wholeTwin.body());
    }

    @Test
    void readingNeedsRegistryReadOrServiceConnectAndWritingRegistryWriteOrServiceConnect() throws Exception {
        String id = newDevice();
        String body = "{\"tags\":{\"a\":1}}";
        String registryRead = SasTokens.policy(api.host(), "registryRead", api.policyKey("registryRead"), 3600);
        String registryReadWrite = SasTokens.policy(api.host(), "registryReadWrite", api.policyKey("registryReadWrite"), 3600);
        String service = SasTokens.policy(api.host(), "service", api.policyKey("service"), 3600);
        String device = SasTokens.policy(api.host(), "device", api.policyKey("device"), 3600);
        assertEquals(200, api.call("GET", "/twins/" + id, null, registryRead).status());
        assertEquals(401, api.call("PATCH", "/twins/" + id, body, registryRead).status());
        assertEquals(200, api.call("PATCH", "/twins/" + id, body, registryReadWrite).status());
        assertEquals(200, api.call("GET", "/twins/" + id, null, service).status());
        assertEquals(200, api.call("PUT", "/twins/" + id, body, service).status());
        assertEquals(401, api.call("GET", "/twins/" + id, null, device).status());
        assertNull(api.call("GET", "/twins/" + id, null, device).headers().get("etag"));
    }
}
