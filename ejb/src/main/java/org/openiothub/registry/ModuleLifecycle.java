package org.openiothub.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Modules live as long as their device: deleted in the transaction that deletes it. */
@ApplicationScoped
public class ModuleLifecycle {

    @Inject
    ModuleRegistry modules;

    void onDeviceDeleted(@Observes DeviceDeleted deleted) {
        modules.deleteAllOf(deleted.deviceId());
    }
}
