package org.openiothub.registry;

/**
 * CDI event, fired synchronously inside the transaction that replaced a device's description, after the change is
 * flushed: observers keep what mirrors the registry entry (the query index) in step, and roll back with it.
 *
 * @param device the entry as it is now
 */
public record DeviceUpdated(DeviceRecord device) {
}
