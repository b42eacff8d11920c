package org.openiothub.twin;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.openiothub.registry.DeviceRecord;

/**
 * A twin as the service API shows it: the document joined with the device's registry entry, so that status and
 * connection state are the ones {@code GET /devices/{id}} shows.
 */
public record DeviceTwin(DeviceRecord device, Twin twin) {

    /** IoT Hub's twin JSON. */
    public JsonObject toJson() {
        String statusUpdated = TwinTimes.format(device.statusUpdatedTime());
        JsonObjectBuilder json = TwinJson.PROVIDER.createObjectBuilder()
                .add("deviceId", device.deviceId())
                .add("etag", twin.etag())
                .add("deviceEtag", device.etag())
                .add("version", twin.version())
                .add("status", device.status().json());
        if (device.statusReason() == null) {
            json.addNull("statusReason");
        } else {
            json.add("statusReason", device.statusReason());
        }
        return json
                // IoT Hub's REST model names it statusUpdateTime; the Java service SDK reads statusUpdatedTime.
                .add("statusUpdateTime", statusUpdated)
                .add("statusUpdatedTime", statusUpdated)
                .add("connectionState", device.connected() ? "Connected" : "Disconnected")
                .add("connectionStateUpdatedTime", TwinTimes.format(device.connectionStateUpdatedTime()))
                .add("lastActivityTime", TwinTimes.format(device.lastActivityTime()))
                .add("cloudToDeviceMessageCount", device.cloudToDeviceMessageCount())
                .add("authenticationType", device.authenticationType().json())
                .add("x509Thumbprint", TwinJson.PROVIDER.createObjectBuilder()
                        .add("primaryThumbprint", nullable(device.primaryThumbprint()))
                        .add("secondaryThumbprint", nullable(device.secondaryThumbprint())))
                .add("modelId", "")
                .add("capabilities", TwinJson.PROVIDER.createObjectBuilder().add("iotEdge", device.iotEdge()))
                .add("tags", twin.tags())
                .add("properties", TwinJson.PROVIDER.createObjectBuilder()
                        .add("desired", twin.desired().toJson())
                        .add("reported", twin.reported().toJson()))
                .build();
    }

    private static JsonValue nullable(String value) {
        return value == null ? JsonValue.NULL : TwinJson.PROVIDER.createValue(value);
    }
}
