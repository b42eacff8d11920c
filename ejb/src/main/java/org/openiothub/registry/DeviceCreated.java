package org.openiothub.registry;

/**
 * CDI event, fired synchronously inside the transaction that registers the device: observers create what a
 * device owns from its first moment (its twin), and roll back with it.
 */
public record DeviceCreated(String deviceId) {
}
