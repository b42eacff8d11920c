package org.openiothub.registry;

/**
 * CDI event: a device or module opened a connection to this node. IoT Hub keeps one connection per identity, so
 * another node that holds one for it closes that one.
 *
 * @param moduleId {@code null} for the device itself
 */
public record DeviceConnected(String deviceId, String moduleId) {
}
