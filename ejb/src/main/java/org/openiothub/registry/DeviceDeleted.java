package org.openiothub.registry;

/**
 * CDI event, fired synchronously inside the transaction that deletes the device: observers delete what the
 * device owned (its twin), so that a device re-created with the same id starts afresh.
 */
public record DeviceDeleted(String deviceId) {
}
