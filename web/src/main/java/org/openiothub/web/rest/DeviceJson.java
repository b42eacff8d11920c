package org.openiothub.web.rest;

import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonMembers;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceSpec;
import org.openiothub.registry.DeviceStatus;

/** IoT Hub's device JSON, both ways. Read-only fields in a request (etag, times, state) are ignored. */
final class DeviceJson {

    /** IoT Hub writes this for times that never happened. */
    private static final String NEVER = "0001-01-01T00:00:00Z";

    private DeviceJson() {
    }

    static DeviceSpec parse(String pathDeviceId, String body) {
        JsonObject json = JsonBodies.object(body);
        String deviceId = JsonMembers.string(json, "deviceId", "");
        if (deviceId != null && !deviceId.equals(pathDeviceId)) {
            throw HubException.invalid("deviceId " + deviceId + " in the body does not match " + pathDeviceId + " in the path.");
        }
        DeviceStatus status = parseStatus(JsonMembers.string(json, "status", ""));
        Credentials credentials = credentials(json);
        JsonObject capabilities = JsonMembers.object(json, "capabilities", "");
        return new DeviceSpec(pathDeviceId, status, JsonMembers.string(json, "statusReason", ""), credentials.type(),
                credentials.primaryKey(), credentials.secondaryKey(), credentials.primaryThumbprint(),
                credentials.secondaryThumbprint(), JsonMembers.flag(capabilities, "iotEdge", "capabilities."));
    }

    /** The {@code authentication} member of a device or module; type {@code sas} when absent. */
    record Credentials(AuthenticationType type, String primaryKey, String secondaryKey, String primaryThumbprint,
            String secondaryThumbprint) {
    }

    static Credentials credentials(JsonObject json) {
        JsonObject authentication = JsonMembers.object(json, "authentication", "");
        String typeName = JsonMembers.string(authentication, "type", "authentication.");
        AuthenticationType type = typeName == null ? AuthenticationType.SAS : AuthenticationType.fromJson(typeName);
        if (type == null) {
            throw HubException.invalid("authentication.type must be sas, selfSigned, certificateAuthority or none.");
        }
        JsonObject keys = JsonMembers.object(authentication, "symmetricKey", "authentication.");
        JsonObject thumbprints = JsonMembers.object(authentication, "x509Thumbprint", "authentication.");
        return new Credentials(type,
                JsonMembers.string(keys, "primaryKey", "authentication.symmetricKey."),
                JsonMembers.string(keys, "secondaryKey", "authentication.symmetricKey."),
                JsonMembers.string(thumbprints, "primaryThumbprint", "authentication.x509Thumbprint."),
                JsonMembers.string(thumbprints, "secondaryThumbprint", "authentication.x509Thumbprint."));
    }

    private static DeviceStatus parseStatus(String status) {
        if (status == null || status.equalsIgnoreCase("enabled")) {
            return DeviceStatus.ENABLED;
        }
        if (status.equalsIgnoreCase("disabled")) {
            return DeviceStatus.DISABLED;
        }
        throw HubException.invalid("status must be enabled or disabled.");
    }

    static JsonObject format(DeviceRecord device) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("deviceId", device.deviceId())
                .add("generationId", device.generationId())
                .add("etag", device.etag())
                .add("connectionState", device.connected() ? "Connected" : "Disconnected")
                .add("status", device.status().json());
        nullable(json, "statusReason", device.statusReason());
        return json
                .add("connectionStateUpdatedTime", time(device.connectionStateUpdatedTime()))
                .add("statusUpdatedTime", time(device.statusUpdatedTime()))
                .add("lastActivityTime", time(device.lastActivityTime()))
                .add("cloudToDeviceMessageCount", device.cloudToDeviceMessageCount())
                .add("authentication", authentication(device.authenticationType(), device.primaryKey(),
                        device.secondaryKey(), device.primaryThumbprint(), device.secondaryThumbprint()))
                .add("capabilities", Json.createObjectBuilder().add("iotEdge", device.iotEdge()))
                .build();
    }

    /** The {@code authentication} member of a device or module. */
    static JsonObjectBuilder authentication(AuthenticationType type, String primaryKey, String secondaryKey,
            String primaryThumbprint, String secondaryThumbprint) {
        JsonObjectBuilder keys = Json.createObjectBuilder();
        nullable(keys, "primaryKey", primaryKey);
        nullable(keys, "secondaryKey", secondaryKey);
        JsonObjectBuilder thumbprints = Json.createObjectBuilder();
        nullable(thumbprints, "primaryThumbprint", primaryThumbprint);
        nullable(thumbprints, "secondaryThumbprint", secondaryThumbprint);
        return Json.createObjectBuilder()
                .add("symmetricKey", keys)
                .add("x509Thumbprint", thumbprints)
                .add("type", type.json());
    }

    static String time(Instant instant) {
        return instant == null ? NEVER : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    static void nullable(JsonObjectBuilder builder, String name, String value) {
        if (value == null) {
            builder.addNull(name);
        } else {
            builder.add(name, value);
        }
    }
}
