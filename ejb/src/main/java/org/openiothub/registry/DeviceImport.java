package org.openiothub.registry;

import jakarta.json.JsonObject;

/**
 * One entry of a bulk registry request or an import file (IoT Hub's {@code ExportImportDevice}): what to do with
 * a device, its description and, optionally, its twin's tags and properties. Every part but the id and the mode
 * may be {@code null}: not given. When a device is updated, what is not given keeps its current value; when one
 * is created, it gets the registry's defaults (enabled, SAS with generated keys).
 *
 * @param eTag      the device etag the {@code IfMatchETag} modes compare
 * @param twinETag  the twin etag {@link ImportMode#UPDATE_TWIN_IF_MATCH_ETAG} compares
 * @param reported  reported properties to seed the twin with: an extension to IoT Hub's format
 */
public record DeviceImport(String deviceId, ImportMode mode, String eTag, DeviceStatus status, String statusReason,
        AuthenticationType authenticationType, String primaryKey, String secondaryKey, String primaryThumbprint,
        String secondaryThumbprint, Boolean iotEdge, String twinETag, JsonObject tags, JsonObject desired,
        JsonObject reported) {

    boolean writesTwin() {
        return tags != null || desired != null || reported != null;
    }

    /** The device as this entry describes it, over {@code current} ({@code null} for a new device). */
    DeviceSpec specOver(Device current) {
        DeviceStatus newStatus = status != null ? status : current != null ? current.status() : DeviceStatus.ENABLED;
        String reason = statusReason != null ? statusReason : current != null ? current.statusReason() : null;
        boolean edge = iotEdge != null ? iotEdge : current != null && current.iotEdge();
        if (authenticationType == null && current != null) {
            return new DeviceSpec(deviceId, newStatus, reason, current.authenticationType(), current.primaryKey(),
                    current.secondaryKey(), current.primaryThumbprint(), current.secondaryThumbprint(), edge);
        }
        return new DeviceSpec(deviceId, newStatus, reason,
                authenticationType == null ? AuthenticationType.SAS : authenticationType,
                primaryKey, secondaryKey, primaryThumbprint, secondaryThumbprint, edge);
    }
}
