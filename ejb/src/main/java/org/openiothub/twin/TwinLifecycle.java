package org.openiothub.twin;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.openiothub.registry.DeviceCreated;
import org.openiothub.registry.DeviceDeleted;
import org.openiothub.registry.DeviceUpdated;
import org.openiothub.registry.ModuleCreated;
import org.openiothub.registry.ModuleDeleted;

/**
 * A twin lives as long as its device or module: created and deleted in the registry's own transaction, and a device
 * twin's query index follows the registry entry's changes there too.
 */
@ApplicationScoped
public class TwinLifecycle {

    @Inject
    JpaTwinRepository twins;

    @Inject
    JpaModuleTwinRepository moduleTwins;

    void onDeviceCreated(@Observes DeviceCreated created) {
        twins.create(Twin.empty(created.deviceId(), Instant.now()));
    }

    void onDeviceUpdated(@Observes DeviceUpdated updated) {
        twins.indexDevice(updated.device());
    }

    void onDeviceDeleted(@Observes DeviceDeleted deleted) {
        twins.delete(deleted.deviceId());
    }

    void onModuleCreated(@Observes ModuleCreated created) {
        moduleTwins.create(created.moduleId(), Twin.empty(created.deviceId(), Instant.now()));
    }

    void onModuleDeleted(@Observes ModuleDeleted deleted) {
        moduleTwins.delete(deleted.deviceId(), deleted.moduleId());
    }
}
