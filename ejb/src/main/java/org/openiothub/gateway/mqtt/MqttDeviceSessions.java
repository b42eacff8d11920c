package org.openiothub.gateway.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.gateway.ConnectedDevices;
import org.openiothub.registry.DeviceAccessRevoked;
import org.openiothub.registry.ModuleAccessRevoked;

import io.netty.channel.Channel;

/**
 * The MQTT connection of every device and module on this node. IoT Hub allows one connection per identity, so
 * registering a new one closes the one it replaces.
 */
@ApplicationScoped
public class MqttDeviceSessions {

    private static final Logger LOG = Logger.getLogger(MqttDeviceSessions.class);

    private final Map<MqttClientId, Channel> channels = new ConcurrentHashMap<>();

    /** {@code null} when the gateway runs without the hub core (its unit tests). */
    @Inject
    ConnectedDevices connectedDevices;

    private volatile boolean stopping;

    /**
     * Makes {@code channel} the connection of {@code client}, closing the one it had before, over MQTT or another
     * protocol.
     */
    public void register(MqttClientId client, Channel channel) {
        Channel previous = channels.put(client, channel);
        if (previous != null && previous != channel) {
            LOG.debugf("[device-id: %s] a new connection replaces the one from %s", client, previous.remoteAddress());
            previous.close();
        }
        MqttDeviceLink link = channel.attr(MqttDeviceLink.KEY).get();
        if (connectedDevices != null && link != null) {
            connectedDevices.closeOthers(link);
        }
    }

    /**
     * Forgets {@code channel} if it is still the connection of {@code client}.
     *
     * @return whether it was; {@code false} when a newer connection replaced it
     */
    public boolean unregister(MqttClientId client, Channel channel) {
        return channels.remove(client, channel);
    }

    /** @return the live connection of {@code client}, or {@code null} */
    public Channel channelOf(MqttClientId client) {
        return channels.get(client);
    }

    public int size() {
        return channels.size();
    }

    /**
     * Closes the connections of a device and of all its modules once the change that revoked them is committed
     * (at once when it was made outside a transaction).
     */
    void onAccessRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceAccessRevoked revoked) {
        closeDevice(revoked.deviceId(), revoked.reason());
    }

    /** Closes the connection of one module once the change that revoked it is committed. */
    void onModuleAccessRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) ModuleAccessRevoked revoked) {
        Channel channel = channels.get(new MqttClientId(revoked.deviceId(), revoked.moduleId()));
        if (channel != null) {
            LOG.debugf("[device-id: %s/%s] closing the connection: %s", revoked.deviceId(), revoked.moduleId(), revoked.reason());
            channel.close();
        }
    }

    void closeDevice(String deviceId, String reason) {
        channels.forEach((client, channel) -> {
            if (client.deviceId().equals(deviceId)) {
                LOG.debugf("[device-id: %s] closing the connection: %s", client, reason);
                channel.close();
            }
        });
    }

    /** Closes every connection, when the gateway stops. */
    void closeAll() {
        stopping = true;
        channels.values().forEach(Channel::close);
    }

    /**
     * Whether the gateway is stopping: connections then close without telling the registry, whose beans may
     * be gone already; the registry marks every device disconnected when it starts again.
     */
    boolean isStopping() {
        return stopping;
    }
}
