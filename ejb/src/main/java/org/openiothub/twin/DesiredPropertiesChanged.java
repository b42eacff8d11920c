package org.openiothub.twin;

import jakarta.json.JsonObject;

/**
 * CDI event: a back end changed a twin's desired properties.
 *
 * @param patch   the change as a merge patch, without {@code $version}
 * @param version the desired properties' {@code $version} after the change
 */
public record DesiredPropertiesChanged(String deviceId, long version, JsonObject patch) {

    /** The notification a device receives: the patch with {@code $version}. */
    public JsonObject notification() {
        return TwinJson.PROVIDER.createObjectBuilder(patch).add(TwinCollection.VERSION, version).build();
    }
}
