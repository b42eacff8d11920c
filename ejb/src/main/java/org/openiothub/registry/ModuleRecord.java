package org.openiothub.registry;

import org.openiothub.registry.DeviceRecord.ConnectionView;

/**
 * A module as the service API shows it, with its connection as {@link DeviceConnectionTracker#moduleView} knows it.
 * Modules have no cloud-to-device queue.
 */
public record ModuleRecord(String deviceId, String moduleId, String generationId, String etag, String managedBy,
        AuthenticationType authenticationType, String primaryKey, String secondaryKey, String primaryThumbprint,
        String secondaryThumbprint, ConnectionView connection) {

    static ModuleRecord of(ModuleIdentity module, ConnectionView connection) {
        return new ModuleRecord(module.deviceId(), module.moduleId(), module.generationId(),
                DeviceRecord.etagOf(module.version()), module.managedBy(), module.authenticationType(),
                module.primaryKey(), module.secondaryKey(), module.primaryThumbprint(), module.secondaryThumbprint(),
                connection);
    }
}
