package org.openiothub.registry;

/**
 * CDI event: the device was disabled, deleted or had its credentials changed. Every gateway closes the
 * device's connections when it observes this.
 */
public record DeviceAccessRevoked(String deviceId, String reason) {
}
