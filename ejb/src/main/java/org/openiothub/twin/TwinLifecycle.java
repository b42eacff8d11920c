package org.openiothub.twin;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.openiothub.registry.DeviceCreated;
import org.openiothub.registry.DeviceDeleted;
import org.openiothub.registry.DeviceUpdated;

/**
 * A twin lives as long as its device: created and deleted in the registry's own transaction, and its query index
 * follows the registry entry's changes there too.
 */
@ApplicationScoped
public class TwinLifecycle {

    @Inject
    JpaTwinRepository twins;

    void onDeviceCreated(@Observes DeviceCreated created) {
        twins.create(Twin.empty(created.deviceId(), Instant.now()));
    }

    void onDeviceUpdated(@Observes DeviceUpdated updated) {
        twins.indexDevice(updated.device());
    }

    void onDeviceDeleted(@Observes DeviceDeleted deleted) {
        twins.delete(deleted.deviceId());
    }
}
