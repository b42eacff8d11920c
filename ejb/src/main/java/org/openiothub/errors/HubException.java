package org.openiothub.errors;

import jakarta.ejb.ApplicationException;

/**
 * A failure the caller can act on, with its IoT Hub error code. Every edge maps it once: REST to IoT Hub's error
 * body, MQTT to a CONNACK code, a twin status or a disconnect.
 */
@ApplicationException(rollback = true)
public class HubException extends RuntimeException {

    private final ErrorCode errorCode;

    public HubException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static HubException invalid(String message) {
        return new HubException(ErrorCode.ARGUMENT_INVALID, message);
    }

    public static HubException unauthorized(String message) {
        return new HubException(ErrorCode.UNAUTHORIZED, message);
    }

    public static HubException deviceNotFound(String deviceId) {
        return new HubException(ErrorCode.DEVICE_NOT_FOUND, "Device " + deviceId + " is not registered.");
    }

    public static HubException moduleNotFound(String deviceId, String moduleId) {
        return new HubException(ErrorCode.MODULE_NOT_FOUND, "Module " + moduleId + " is not registered on device " + deviceId + ".");
    }
}
