package org.openiothub.twin;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.openiothub.registry.ModuleRecord;

/**
 * A module twin as the service API and queries over {@code devices.modules} show it: the document joined with the
 * module's registry entry. Modules have no status of their own: they show as enabled.
 */
public record ModuleTwin(ModuleRecord module, Twin twin) {

    private static final String NEVER = TwinTimes.NEVER;

    /** IoT Hub's module twin JSON. */
    public JsonObject toJson() {
        JsonObjectBuilder json = TwinJson.PROVIDER.createObjectBuilder()
                .add("deviceId", module.deviceId())
                .add("moduleId", module.moduleId())
                .add("etag", twin.etag())
                .add("deviceEtag", module.etag())
                .add("version", twin.version())
                .add("status", "enabled")
                .addNull("statusReason")
                .add("statusUpdateTime", NEVER)
                .add("statusUpdatedTime", NEVER)
                .add("connectionState", module.connection().connected() ? "Connected" : "Disconnected")
                .add("connectionStateUpdatedTime", TwinTimes.format(module.connection().stateUpdatedTime()))
                .add("lastActivityTime", TwinTimes.format(module.connection().lastActivityTime()))
                .add("cloudToDeviceMessageCount", 0)
                .add("authenticationType", module.authenticationType().json())
                .add("x509Thumbprint", TwinJson.PROVIDER.createObjectBuilder()
                        .add("primaryThumbprint", nullable(module.primaryThumbprint()))
                        .add("secondaryThumbprint", nullable(module.secondaryThumbprint())))
                .add("modelId", "")
                .add("tags", twin.tags())
                .add("properties", TwinJson.PROVIDER.createObjectBuilder()
                        .add("desired", twin.desired().toJson())
                        .add("reported", twin.reported().toJson()));
        return json.build();
    }

    private static JsonValue nullable(String value) {
        return value == null ? JsonValue.NULL : TwinJson.PROVIDER.createValue(value);
    }
}
