package org.openiothub.registry;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/** Why one device of a bulk request or an import was not applied: an entry of IoT Hub's {@code errors}. */
public record DeviceImportError(String deviceId, ErrorCode errorCode, String errorStatus) {

    static DeviceImportError of(String deviceId, HubException e) {
        return new DeviceImportError(deviceId, e.errorCode(), e.getMessage());
    }

    /** {@code {"deviceId":..,"errorCode":"DeviceAlreadyExists","errorStatus":".."}}: a bulk result entry and a line of {@code importErrors.log}. */
    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("deviceId", deviceId == null ? "" : deviceId)
                .add("errorCode", errorCode.errorName())
                .add("errorStatus", errorStatus == null ? "" : errorStatus)
                .build();
    }
}
