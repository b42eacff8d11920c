package org.openiothub.registry;

/**
 * CDI event, fired synchronously inside the transaction that deletes the module, alone or with its device:
 * observers delete what the module owned (its twin).
 */
public record ModuleDeleted(String deviceId, String moduleId) {
}
