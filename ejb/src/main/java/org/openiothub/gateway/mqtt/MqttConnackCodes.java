package org.openiothub.gateway.mqtt;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/** How a failed authentication is reported to an MQTT 3.1.1 device. */
final class MqttConnackCodes {

    private MqttConnackCodes() {
    }

    /**
     * @return the CONNACK code for a failure the authenticator reported, or {@code null} when {@code failure}
     *         holds no {@link HubException} (an internal error)
     */
    static MqttConnectReturnCode of(Throwable failure) {
        HubException hubException = hubExceptionIn(failure);
        if (hubException == null) {
            return null;
        }
        ErrorCode code = hubException.errorCode();
        return switch (code) {
            // IoT Hub answers 0x05 to every credential it refuses (wrong, expired, disabled or unknown device),
            // and the device SDKs treat it as such.
            case UNAUTHORIZED, DEVICE_NOT_FOUND, MODULE_NOT_FOUND -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case THROTTLING, QUOTA_EXCEEDED, SERVER_ERROR, GATEWAY_TIMEOUT ->
                    MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            default -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
        };
    }

    /** The first {@link HubException} in the cause chain: containers and futures wrap what the bean threw. */
    static HubException hubExceptionIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HubException hubException) {
                return hubException;
            }
        }
        return null;
    }
}
