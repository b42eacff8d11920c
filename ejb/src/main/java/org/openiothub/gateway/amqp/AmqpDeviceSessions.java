package org.openiothub.gateway.amqp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.openiothub.gateway.ConnectedDevices;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.gateway.DeviceLinks;
import org.openiothub.registry.DeviceAccessRevoked;
import org.openiothub.registry.ModuleAccessRevoked;

/**
 * The devices and modules connected over AMQP on this node. IoT Hub allows one connection per identity, so
 * registering a device that another connection holds closes that one.
 */
@ApplicationScoped
public class AmqpDeviceSessions implements DeviceLinks {

    private final Map<String, AmqpDevice> devices = new ConcurrentHashMap<>();

    @Inject
    ConnectedDevices connectedDevices;
    private volatile boolean stopping;

    @Override
    public Optional<DeviceLink> find(String deviceId, String moduleId) {
        return Optional.ofNullable(devices.get(Claim.keyOf(deviceId, moduleId)));
    }

    /** Makes {@code device} the connection of its identity, closing the one it had before, over AMQP or another protocol. */
    void register(AmqpDevice device) {
        AmqpDevice previous = devices.put(key(device), device);
        if (previous != null && previous != device) {
            previous.close("a new connection replaces it");
        }
        connectedDevices.closeOthers(device);
    }

    /** @return whether {@code device} was still the identity's connection */
    boolean unregister(AmqpDevice device) {
        return devices.remove(key(device), device);
    }

    int size() {
        return devices.size();
    }

    void onAccessRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceAccessRevoked revoked) {
        devices.forEach((key, device) -> {
            if (device.identity().deviceId().equals(revoked.deviceId())) {
                device.close(revoked.reason());
            }
        });
    }

    void onModuleAccessRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) ModuleAccessRevoked revoked) {
        AmqpDevice device = devices.get(Claim.keyOf(revoked.deviceId(), revoked.moduleId()));
        if (device != null) {
            device.close(revoked.reason());
        }
    }

    /** Closes every connection, when the endpoint stops. */
    void closeAll() {
        stopping = true;
        devices.values().forEach(device -> device.close("the hub is stopping"));
    }

    /** Whether the endpoint is stopping: devices then go without telling the registry, whose beans may be gone. */
    boolean isStopping() {
        return stopping;
    }

    private static String key(AmqpDevice device) {
        return Claim.keyOf(device.identity().deviceId(), device.identity().moduleId());
    }
}
