package org.openiothub.gateway;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Finds a device's connection on this node, whichever protocol gateway holds it. */
@ApplicationScoped
public class ConnectedDevices {

    @Inject
    Instance<DeviceLinks> gateways;

    /** @param moduleId {@code null} for the device itself */
    public Optional<DeviceLink> find(String deviceId, String moduleId) {
        for (DeviceLinks gateway : gateways) {
            Optional<DeviceLink> link = gateway.find(deviceId, moduleId);
            if (link.isPresent()) {
                return link;
            }
        }
        return Optional.empty();
    }
}
