package org.openiothub.registry;

/**
 * CDI event: the module was deleted or had its credentials changed. Every gateway closes the module's connection
 * when it observes this; its device's connections stay.
 */
public record ModuleAccessRevoked(String deviceId, String moduleId, String reason) {
}
