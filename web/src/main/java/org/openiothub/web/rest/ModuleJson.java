package org.openiothub.web.rest;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonMembers;
import org.openiothub.registry.ModuleRecord;
import org.openiothub.registry.ModuleSpec;

/**
 * IoT Hub's module JSON, both ways: the device JSON with {@code moduleId} and {@code managedBy}, without status or
 * capabilities. Read-only fields in a request (etag, times, state) are ignored.
 */
final class ModuleJson {

    private ModuleJson() {
    }

    /** @throws HubException {@code ArgumentInvalid} when an id in the body differs from the path, or bad credentials */
    static ModuleSpec parse(String pathDeviceId, String pathModuleId, String body) {
        JsonObject json = JsonBodies.object(body);
        requireSame("deviceId", JsonMembers.string(json, "deviceId", ""), pathDeviceId);
        requireSame("moduleId", JsonMembers.string(json, "moduleId", ""), pathModuleId);
        DeviceJson.Credentials credentials = DeviceJson.credentials(json);
        return new ModuleSpec(pathDeviceId, pathModuleId, JsonMembers.string(json, "managedBy", ""), credentials.type(),
                credentials.primaryKey(), credentials.secondaryKey(), credentials.primaryThumbprint(),
                credentials.secondaryThumbprint());
    }

    private static void requireSame(String member, String inBody, String inPath) {
        if (inBody != null && !inBody.equals(inPath)) {
            throw HubException.invalid(member + " " + inBody + " in the body does not match " + inPath + " in the path.");
        }
    }

    static JsonObject format(ModuleRecord module) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("deviceId", module.deviceId())
                .add("moduleId", module.moduleId());
        DeviceJson.nullable(json, "managedBy", module.managedBy());
        return json
                .add("generationId", module.generationId())
                .add("etag", module.etag())
                .add("connectionState", module.connection().connected() ? "Connected" : "Disconnected")
                .add("connectionStateUpdatedTime", DeviceJson.time(module.connection().stateUpdatedTime()))
                .add("lastActivityTime", DeviceJson.time(module.connection().lastActivityTime()))
                .add("cloudToDeviceMessageCount", 0)
                .add("authentication", DeviceJson.authentication(module.authenticationType(), module.primaryKey(),
                        module.secondaryKey(), module.primaryThumbprint(), module.secondaryThumbprint()))
                .build();
    }
}
