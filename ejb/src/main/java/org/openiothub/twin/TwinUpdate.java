package org.openiothub.twin;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.openiothub.errors.HubException;

/**
 * What a back end writes to a twin: tags and desired properties, each {@code null} when the request leaves it
 * alone. For a patch both are JSON merge patches; for a replace, the new documents.
 *
 * @param tags    {@code null} when not given
 * @param desired {@code null} when not given; never holds {@code $version} or {@code $metadata}
 */
public record TwinUpdate(JsonObject tags, JsonObject desired) {

    /**
     * A back end's update of a module twin: as {@link #fromServiceJson(String, JsonObject, boolean)}, and a
     * {@code moduleId} in the body must name the module of the path.
     */
    public static TwinUpdate fromServiceJson(String deviceId, String moduleId, JsonObject body, boolean replace) {
        JsonValue bodyModuleId = body.get("moduleId");
        if (bodyModuleId != null && bodyModuleId.getValueType() != JsonValue.ValueType.NULL
                && !TwinJson.PROVIDER.createValue(moduleId).equals(bodyModuleId)) {
            throw HubException.invalid("moduleId " + bodyModuleId + " in the body does not match " + moduleId + " in the path.");
        }
        return fromServiceJson(deviceId, body, replace);
    }

    /**
     * Reads a service request body (the twin JSON). Everything but {@code tags} and {@code properties.desired} is
     * read-only and ignored, as IoT Hub does: the Java service SDK sends an explicit {@code null} for each of those
     * fields, and a body read with GET may be sent back whole. So is a top-level {@code $version} or
     * {@code $metadata} in the desired properties.
     *
     * @param deviceId the twin the request is for; a different {@code deviceId} in the body is refused
     * @param replace  whether the body replaces the twin (PUT); a patch may not try to write reported properties
     * @throws HubException {@code ArgumentInvalid} for a member of the wrong type, a foreign {@code deviceId}, or
     *                      reported properties in a patch
     */
    public static TwinUpdate fromServiceJson(String deviceId, JsonObject body, boolean replace) {
        JsonValue bodyDeviceId = body.get("deviceId");
        if (bodyDeviceId != null && bodyDeviceId.getValueType() != JsonValue.ValueType.NULL
                && !TwinJson.PROVIDER.createValue(deviceId).equals(bodyDeviceId)) {
            throw HubException.invalid("deviceId " + bodyDeviceId + " in the body does not match " + deviceId + " in the path.");
        }
        JsonObject properties = objectOrNull(body, "properties", "");
        JsonObject desired = properties == null ? null : objectOrNull(properties, "desired", "properties.");
        JsonObject reported = properties == null ? null : objectOrNull(properties, "reported", "properties.");
        if (!replace && reported != null && !withoutReadOnlyMembers(reported).isEmpty()) {
            throw HubException.invalid("properties.reported are written by the device only; a back end may patch tags and properties.desired.");
        }
        return new TwinUpdate(objectOrNull(body, "tags", ""), desired == null ? null : withoutReadOnlyMembers(desired));
    }

    public boolean isEmpty() {
        return tags == null && desired == null;
    }

    /** A properties document without the {@code $version} and {@code $metadata} the hub keeps itself. */
    static JsonObject withoutReadOnlyMembers(JsonObject properties) {
        if (!properties.containsKey(TwinCollection.VERSION) && !properties.containsKey(TwinCollection.METADATA)) {
            return properties;
        }
        JsonObjectBuilder copy = TwinJson.PROVIDER.createObjectBuilder(properties);
        copy.remove(TwinCollection.VERSION);
        copy.remove(TwinCollection.METADATA);
        return copy.build();
    }

    private static JsonObject objectOrNull(JsonObject json, String name, String path) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw HubException.invalid(path + name + " must be a JSON object.");
        }
        return value.asJsonObject();
    }
}
