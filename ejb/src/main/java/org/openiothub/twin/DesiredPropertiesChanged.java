package org.openiothub.twin;

import jakarta.json.JsonObject;

/**
 * CDI event: a back end changed a twin's desired properties.
 *
 * @param moduleId {@code null} for a device twin
 * @param patch    the change as a merge patch, without {@code $version}
 * @param version  the desired properties' {@code $version} after the change
 */
public record DesiredPropertiesChanged(String deviceId, String moduleId, long version, JsonObject patch) {

    /** A change of a device twin. */
    public DesiredPropertiesChanged(String deviceId, long version, JsonObject patch) {
        this(deviceId, null, version, patch);
    }

    /** The notification a device receives: the patch with {@code $version}. */
    public JsonObject notification() {
        return TwinJson.PROVIDER.createObjectBuilder(patch).add(TwinCollection.VERSION, version).build();
    }

    /** {@code deviceId} or {@code deviceId/moduleId}, for logs. */
    String target() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }
}
