package org.openiothub.registry;

/**
 * A module as the service API shows it. Module connections are not tracked yet: a module always shows as
 * disconnected, with no activity, and modules have no cloud-to-device queue.
 */
public record ModuleRecord(String deviceId, String moduleId, String generationId, String etag, String managedBy,
        AuthenticationType authenticationType, String primaryKey, String secondaryKey, String primaryThumbprint,
        String secondaryThumbprint) {

    public static ModuleRecord of(ModuleIdentity module) {
        return new ModuleRecord(module.deviceId(), module.moduleId(), module.generationId(),
                DeviceRecord.etagOf(module.version()), module.managedBy(), module.authenticationType(),
                module.primaryKey(), module.secondaryKey(), module.primaryThumbprint(), module.secondaryThumbprint());
    }
}
