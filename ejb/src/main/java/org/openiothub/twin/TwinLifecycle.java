package org.openiothub.twin;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.openiothub.registry.DeviceCreated;
import org.openiothub.registry.DeviceDeleted;

/** A twin lives as long as its device: created and deleted in the registry's own transaction. */
@ApplicationScoped
public class TwinLifecycle {

    @Inject
    JpaTwinRepository twins;

    void onDeviceCreated(@Observes DeviceCreated created) {
        twins.create(Twin.empty(created.deviceId(), Instant.now()));
    }

    void onDeviceDeleted(@Observes DeviceDeleted deleted) {
        twins.delete(deleted.deviceId());
    }
}
