package org.openiothub.gateway;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.openiothub.cluster.ClusterDeviceLinks;

/**
 * Finds a device's connection: on this node, whichever protocol gateway holds it, else (in a cluster) on the node
 * that holds it.
 */
@ApplicationScoped
public class ConnectedDevices {

    @Inject
    Instance<DeviceLinks> gateways;

    @Inject
    ClusterDeviceLinks cluster;

    /** @param moduleId {@code null} for the device itself */
    public Optional<DeviceLink> find(String deviceId, String moduleId) {
        return findHere(deviceId, moduleId).or(() -> cluster.find(deviceId, moduleId));
    }

    /**
     * IoT Hub keeps one connection per identity: the gateway that just registered {@code link} has the identity's
     * connections through the other gateways of this node closed.
     */
    public void closeOthers(DeviceLink link) {
        String deviceId = link.identity().deviceId();
        String moduleId = link.identity().moduleId();
        for (DeviceLinks gateway : gateways) {
            gateway.find(deviceId, moduleId)
                    .filter(other -> other != link)
                    .ifPresent(other -> other.close("the device connected again over another protocol"));
        }
    }

    /** The connection on this node only. */
    public Optional<DeviceLink> findHere(String deviceId, String moduleId) {
        for (DeviceLinks gateway : gateways) {
            Optional<DeviceLink> link = gateway.find(deviceId, moduleId);
            if (link.isPresent()) {
                return link;
            }
        }
        return Optional.empty();
    }
}
