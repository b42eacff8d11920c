package org.openiothub.registry;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/** Why one device of a bulk request or an import was not applied: an entry of IoT Hub's {@code errors}. */
public record DeviceImportError(String deviceId, ErrorCode errorCode, String errorStatus) {

    /** Looked up once: {@code Json.create*} looks the provider up on every call, which shows at 100,000 lines. */
    private static final JsonProvider JSON = JsonProvider.provider();

    static DeviceImportError of(String deviceId, HubException e) {
        return new DeviceImportError(deviceId, e.errorCode(), e.getMessage());
    }

    /** {@code {"deviceId":..,"errorCode":"DeviceAlreadyExists","errorStatus":".."}}: a bulk result entry and a line of {@code importErrors.log}. */
    public JsonObject toJson() {
        return JSON.createObjectBuilder()
                .add("deviceId", deviceId == null ? "" : deviceId)
                .add("errorCode", errorCode.errorName())
                .add("errorStatus", errorStatus == null ? "" : errorStatus)
                .build();
    }
}
