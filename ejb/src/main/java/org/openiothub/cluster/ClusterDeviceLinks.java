package org.openiothub.cluster;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.gateway.DeviceLink;
import org.openiothub.registry.DeviceConnectionTracker;

/**
 * Finds a device connected to another node of the cluster, by the node its connection row names. Modules' connections
 * are known only to their node, so a module on another node is not found.
 */
@ApplicationScoped
public class ClusterDeviceLinks {

    @Inject
    ArtemisClusterBus bus;

    @Inject
    DeviceConnectionTracker connections;

    /** @param moduleId {@code null} for the device itself */
    public Optional<DeviceLink> find(String deviceId, String moduleId) {
        if (!bus.active() || moduleId != null) {
            return Optional.empty();
        }
        return connections.otherNodeHolding(deviceId).filter(bus::alive)
                .map(node -> new RemoteDeviceLink(deviceId, null, node, bus));
    }
}
