package org.openiothub.registry.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.DeviceImport;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceStatus;
import org.openiothub.registry.ImportMode;
import org.openiothub.twin.Twin;

class ExportImportDeviceJsonTest {

    private static final String KEY_1 = "AAAAAAAAAAAAAAAAAAAAAA==";
    private static final String KEY_2 = "BBBBBBBBBBBBBBBBBBBBBB==";

    @Test
    void readsAnIotHubImportLine() {
        DeviceImport entry = ExportImportDeviceJson.parse("{\"id\":\"d1\",\"eTag\":\"MQ\",\"importMode\":\"updateIfMatchETag\","
                + "\"status\":\"disabled\",\"statusReason\":\"why\",\"authentication\":{\"type\":\"sas\",\"symmetricKey\":"
                + "{\"primaryKey\":\"" + KEY_1 + "\",\"secondaryKey\":\"" + KEY_2 + "\"}},\"capabilities\":{\"iotEdge\":true},"
                + "\"twinETag\":\"AAAAAAAAAAE=\",\"tags\":{\"site\":\"a\"},\"properties\":{\"desired\":{\"rate\":5}}}");
        assertEquals("d1", entry.deviceId());
        assertEquals(ImportMode.UPDATE_IF_MATCH_ETAG, entry.mode());
        assertEquals("MQ", entry.eTag());
        assertEquals(DeviceStatus.DISABLED, entry.status());
        assertEquals("why", entry.statusReason());
        assertEquals(AuthenticationType.SAS, entry.authenticationType());
        assertEquals(KEY_1, entry.primaryKey());
        assertEquals(KEY_2, entry.secondaryKey());
        assertTrue(entry.iotEdge());
        assertEquals("AAAAAAAAAAE=", entry.twinETag());
        assertEquals("a", entry.tags().getString("site"));
        assertEquals(5, entry.desired().getInt("rate"));
        assertNull(entry.reported());
    }

    @Test
    void readsWhatTheJavaServiceSdkWrites() {
        // ExportImportDevice serializes enum constants as they are named in Java.
        DeviceImport entry = ExportImportDeviceJson.parse("{\"id\":\"d1\",\"importMode\":\"DeleteIfMatchETag\",\"status\":\"Enabled\","
                + "\"authentication\":{\"type\":\"selfSigned\",\"x509Thumbprint\":{\"primaryThumbprint\":\"AB\"}}}");
        assertEquals(ImportMode.DELETE_IF_MATCH_ETAG, entry.mode());
        assertEquals(DeviceStatus.ENABLED, entry.status());
        assertEquals(AuthenticationType.SELF_SIGNED, entry.authenticationType());
        assertEquals("AB", entry.primaryThumbprint());
    }

    @Test
    void whatIsNotGivenIsNullAndTheModeDefaultsToCreateOrUpdate() {
        DeviceImport entry = ExportImportDeviceJson.parse("{\"id\":\"d1\"}");
        assertEquals(ImportMode.CREATE_OR_UPDATE, entry.mode());
        assertNull(entry.status());
        assertNull(entry.authenticationType());
        assertNull(entry.iotEdge());
        assertNull(entry.tags());
    }

    @Test
    void reportedPropertiesAreReadAndVersionAndMetadataDropped() {
        DeviceImport entry = ExportImportDeviceJson.parse("{\"id\":\"d1\",\"properties\":{\"desired\":{\"a\":1,\"$version\":4,"
                + "\"$metadata\":{}},\"reported\":{\"fw\":\"1.0\",\"$version\":2}}}");
        assertEquals(Json.createObjectBuilder().add("a", 1).build(), entry.desired());
        assertEquals(Json.createObjectBuilder().add("fw", "1.0").build(), entry.reported());
    }

    @Test
    void badEntriesAreRefusedWithIotHubCodes() {
        refused("{\"importMode\":\"create\"}", ErrorCode.ARGUMENT_INVALID);
        refused("{\"id\":\"d1\",\"importMode\":\"upsert\"}", ErrorCode.ARGUMENT_INVALID);
        refused("{\"id\":\"d1\",\"status\":\"sleeping\"}", ErrorCode.ARGUMENT_INVALID);
        refused("{\"id\":\"d1\",\"authentication\":{\"type\":\"password\"}}", ErrorCode.ARGUMENT_INVALID);
        refused("{\"id\":\"d1\",\"tags\":[1]}", ErrorCode.ARGUMENT_INVALID);
        refused("{\"id\":\"d1\",\"moduleId\":\"m1\"}", ErrorCode.ARGUMENT_INVALID);
        refused("{\"id\":\"d1\"", ErrorCode.IOTHUB_FORMAT_ERROR);
        refused("[1]", ErrorCode.IOTHUB_FORMAT_ERROR);
    }

    @Test
    void anExportLineHasTheDeviceAndItsTwinAndImportsAsItIs() {
        DeviceRecord device = new DeviceRecord("d1", "637", "MQ", DeviceStatus.ENABLED, null, Instant.EPOCH,
                AuthenticationType.SAS, KEY_1, KEY_2, null, null, false, false, null, null, 0);
        Twin twin = Twin.empty("d1", Instant.EPOCH).importedBy(Json.createObjectBuilder().add("site", "a").build(),
                Json.createObjectBuilder().add("rate", 5).build(), Json.createObjectBuilder().add("fw", "1").build(),
                Instant.EPOCH);
        JsonObject line = ExportImportDeviceJson.format(device, twin, false);
        assertEquals("d1", line.getString("id"));
        assertEquals("MQ", line.getString("eTag"));
        assertEquals("enabled", line.getString("status"));
        assertEquals("sas", line.getJsonObject("authentication").getString("type"));
        assertEquals(KEY_1, line.getJsonObject("authentication").getJsonObject("symmetricKey").getString("primaryKey"));
        assertEquals(twin.etag(), line.getString("twinETag"));
        assertEquals("a", line.getJsonObject("tags").getString("site"));
        JsonObject desired = line.getJsonObject("properties").getJsonObject("desired");
        assertEquals(5, desired.getInt("rate"));
        assertTrue(desired.containsKey("$version"), "desired properties are exported with their version, as IoT Hub does");
        assertEquals("1", line.getJsonObject("properties").getJsonObject("reported").getString("fw"));

        DeviceImport again = ExportImportDeviceJson.parse(line.toString());
        assertEquals(KEY_1, again.primaryKey());
        assertEquals(twin.tags(), again.tags());
        assertEquals(twin.desired().properties(), again.desired());
        assertEquals(twin.reported().properties(), again.reported());
    }

    @Test
    void keysAreNullWhenExcluded() {
        DeviceRecord device = new DeviceRecord("d1", "637", "MQ", DeviceStatus.ENABLED, null, Instant.EPOCH,
                AuthenticationType.SAS, KEY_1, KEY_2, null, null, false, false, null, null, 0);
        JsonObject keys = ExportImportDeviceJson.format(device, null, true)
                .getJsonObject("authentication").getJsonObject("symmetricKey");
        assertEquals(JsonValue.NULL, keys.get("primaryKey"));
        assertEquals(JsonValue.NULL, keys.get("secondaryKey"));
        assertFalse(Json.createReader(new StringReader(keys.toString())).readObject().toString().contains(KEY_1));
    }

    private static void refused(String line, ErrorCode code) {
        HubException e = assertThrows(HubException.class, () -> ExportImportDeviceJson.parse(line), line);
        assertEquals(code, e.errorCode(), line);
    }
}
