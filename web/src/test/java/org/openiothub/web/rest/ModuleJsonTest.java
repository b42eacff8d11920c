package org.openiothub.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.DeviceRecord.ConnectionView;
import org.openiothub.registry.ModuleRecord;
import org.openiothub.registry.ModuleSpec;

class ModuleJsonTest {

    @Test
    void theServiceSdksBodyIsReadWithItsCredentials() {
        ModuleSpec spec = ModuleJson.parse("d", "m", "{\"deviceId\":\"d\",\"moduleId\":\"m\",\"managedBy\":\"\","
                + "\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"a\",\"secondaryKey\":null}},"
                + "\"etag\":\"ignored\",\"connectionState\":\"Connected\"}");
        assertEquals(new ModuleSpec("d", "m", "", AuthenticationType.SAS, "a", null, null, null), spec);
    }

    @Test
    void anEmptyBodyIsASasModuleWithKeysToGenerate() {
        ModuleSpec spec = ModuleJson.parse("d", "m", "{}");
        assertEquals(AuthenticationType.SAS, spec.authenticationType());
        assertNull(spec.primaryKey());
    }

    @Test
    void idsInTheBodyMustNameThePath() {
        assertEquals(ErrorCode.ARGUMENT_INVALID, assertThrows(HubException.class,
                () -> ModuleJson.parse("d", "m", "{\"moduleId\":\"other\"}")).errorCode());
        assertEquals(ErrorCode.ARGUMENT_INVALID, assertThrows(HubException.class,
                () -> ModuleJson.parse("d", "m", "{\"deviceId\":\"other\"}")).errorCode());
    }

    @Test
    void aModuleIsShownAsTheServiceSdkParsesIt() {
        JsonObject json = ModuleJson.format(new ModuleRecord("d", "m", "637", "MQ", null, AuthenticationType.SAS,
                "pk", "sk", null, null, new ConnectionView(false, null, null)));
        assertEquals("d", json.getString("deviceId"));
        assertEquals("m", json.getString("moduleId"));
        assertEquals("MQ", json.getString("etag"));
        assertEquals("Disconnected", json.getString("connectionState"));
        assertEquals(0, json.getInt("cloudToDeviceMessageCount"));
        assertEquals("sas", json.getJsonObject("authentication").getString("type"));
        assertEquals("pk", json.getJsonObject("authentication").getJsonObject("symmetricKey").getString("primaryKey"));
        assertEquals("sk", json.getJsonObject("authentication").getJsonObject("symmetricKey").getString("secondaryKey"));
        assertEquals(jakarta.json.JsonValue.NULL, json.get("managedBy"));
        assertEquals("0001-01-01T00:00:00Z", json.getString("lastActivityTime"));
    }

    @Test
    void aConnectedModuleShowsItsConnectionAndActivity() {
        Instant connected = Instant.parse("2030-01-01T00:00:00Z");
        JsonObject json = ModuleJson.format(new ModuleRecord("d", "m", "637", "MQ", null, AuthenticationType.SAS,
                "pk", "sk", null, null, new ConnectionView(true, connected, connected.plusSeconds(5))));
        assertEquals("Connected", json.getString("connectionState"));
        assertEquals("2030-01-01T00:00:00Z", json.getString("connectionStateUpdatedTime"));
        assertEquals("2030-01-01T00:00:05Z", json.getString("lastActivityTime"));
    }
}
