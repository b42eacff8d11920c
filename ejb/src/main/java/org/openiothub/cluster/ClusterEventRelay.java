package org.openiothub.cluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import org.openiothub.c2d.DeviceBoundMessagesWaiting;
import org.openiothub.eventhub.EpochReader;
import org.openiothub.registry.DeviceAccessRevoked;
import org.openiothub.registry.DeviceConnected;
import org.openiothub.registry.ModuleAccessRevoked;

/**
 * Tells the other nodes of the cluster what happened here that concerns connections they may hold: a device connected
 * here (they close theirs: one connection per identity), a device's or module's access was revoked (they close its
 * connections), cloud-to-device messages wait for devices (the node holding each delivers them), an Event Hubs reader
 * with an epoch opened or closed (their readers obey it). Only events fired on
 * this node ({@code @Default}) are sent, never those that came from another node ({@link FromOtherNode}).
 */
@ApplicationScoped
public class ClusterEventRelay {

    @Inject
    ArtemisClusterBus bus;

    void onConnected(@Observes @Default DeviceConnected connected) {
        if (bus.active()) {
            bus.broadcast(ClusterMessage.Kind.CONNECTED, identity(connected.deviceId(), connected.moduleId()), null);
        }
    }

    void onDeviceRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default DeviceAccessRevoked revoked) {
        if (bus.active()) {
            Map<String, String> properties = identity(revoked.deviceId(), null);
            properties.put(ClusterMessage.REASON, revoked.reason());
            bus.broadcast(ClusterMessage.Kind.DEVICE_REVOKED, properties, null);
        }
    }

    void onModuleRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default ModuleAccessRevoked revoked) {
        if (bus.active()) {
            Map<String, String> properties = identity(revoked.deviceId(), revoked.moduleId());
            properties.put(ClusterMessage.REASON, revoked.reason());
            bus.broadcast(ClusterMessage.Kind.MODULE_REVOKED, properties, null);
        }
    }

    void onMessagesWaiting(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default DeviceBoundMessagesWaiting waiting) {
        if (bus.active()) {
            JsonArrayBuilder ids = Json.createArrayBuilder();
            waiting.deviceIds().forEach(ids::add);
            bus.broadcast(ClusterMessage.Kind.MESSAGES_WAITING, Map.of(),
                    ids.build().toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    void onEpochReader(@Observes @Default EpochReader reader) {
        if (bus.active()) {
            bus.broadcast(ClusterMessage.Kind.EPOCH_READER, Map.of(ClusterMessage.STATE, reader.state().name(),
                    ClusterMessage.CONSUMER_GROUP, reader.consumerGroup(), ClusterMessage.PARTITION, reader.partition(),
                    ClusterMessage.EPOCH, Long.toString(reader.epoch())), null);
        }
    }

    private static Map<String, String> identity(String deviceId, String moduleId) {
        Map<String, String> properties = new HashMap<>();
        properties.put(ClusterMessage.DEVICE_ID, deviceId);
        if (moduleId != null) {
            properties.put(ClusterMessage.MODULE_ID, moduleId);
        }
        return properties;
    }
}
