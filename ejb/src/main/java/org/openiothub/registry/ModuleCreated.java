package org.openiothub.registry;

/**
 * CDI event, fired synchronously inside the transaction that registers the module: observers create what a module
 * owns from its first moment (its twin), and roll back with it.
 */
public record ModuleCreated(String deviceId, String moduleId) {
}
