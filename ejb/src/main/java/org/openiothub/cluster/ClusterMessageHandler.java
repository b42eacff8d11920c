package org.openiothub.cluster;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessagesWaiting;
import org.openiothub.eventhub.EpochReader;
import org.openiothub.gateway.ConnectedDevices;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.method.DirectMethods;
import org.openiothub.registry.DeviceAccessRevoked;
import org.openiothub.registry.ModuleAccessRevoked;

/** Acts on what another node of the cluster sent this one ({@link ArtemisClusterBus}), on a worker thread. */
@ApplicationScoped
public class ClusterMessageHandler {

    private static final Logger LOG = Logger.getLogger(ClusterMessageHandler.class);

    @Inject
    ConnectedDevices devices;

    @Inject
    RemoteMethodCalls remoteCalls;

    @Inject
    DirectMethods methods;

    @Inject
    @FromOtherNode
    Event<DeviceAccessRevoked> deviceRevoked;

    @Inject
    @FromOtherNode
    Event<ModuleAccessRevoked> moduleRevoked;

    @Inject
    @FromOtherNode
    Event<DeviceBoundMessagesWaiting> messagesWaiting;

    @Inject
    @FromOtherNode
    Event<EpochReader> epochReaders;

    void handle(ClusterMessage message) {
        String deviceId = message.property(ClusterMessage.DEVICE_ID);
        String moduleId = message.property(ClusterMessage.MODULE_ID);
        switch (message.kind()) {
            case CONNECTED -> devices.findHere(deviceId, moduleId).ifPresent(link -> {
                LOG.debugf("[device-id: %s] connected to node %s: closing its connection here", deviceId, message.origin());
                link.close("the device connected to another node");
            });
            case DEVICE_REVOKED -> deviceRevoked.fire(new DeviceAccessRevoked(deviceId, message.property(ClusterMessage.REASON)));
            case MODULE_REVOKED -> moduleRevoked.fire(new ModuleAccessRevoked(deviceId, moduleId,
                    message.property(ClusterMessage.REASON)));
            case MESSAGES_WAITING -> messagesWaiting.fire(new DeviceBoundMessagesWaiting(deviceIds(message.body())));
            case METHOD_REQUEST -> remoteCalls.relay(message);
            case METHOD_ANSWER -> answer(message, new DeviceIdentity(deviceId, moduleId, null, null));
            case DESIRED_PATCH -> devices.findHere(deviceId, moduleId)
                    .filter(link -> link.accepts(DeviceFeature.DESIRED_PROPERTIES))
                    .ifPresent(link -> link.sendDesiredPropertiesPatch(Long.parseLong(message.property(ClusterMessage.VERSION)),
                            message.body()));
            case EPOCH_READER -> epochReaders.fire(new EpochReader(
                    EpochReader.State.valueOf(message.property(ClusterMessage.STATE)), message.origin(),
                    message.property(ClusterMessage.CONSUMER_GROUP), message.property(ClusterMessage.PARTITION),
                    Long.parseLong(message.property(ClusterMessage.EPOCH))));
            case HEARTBEAT -> {
                // counted by the bus
            }
        }
    }

    private void answer(ClusterMessage message, DeviceIdentity from) {
        String requestId = message.property(ClusterMessage.REQUEST_ID);
        if (message.property(ClusterMessage.NOT_DELIVERED) != null) {
            methods.notDelivered(from, requestId);
        } else {
            methods.responded(from, requestId, Integer.parseInt(message.property(ClusterMessage.STATUS)), message.body());
        }
    }

    private static Set<String> deviceIds(byte[] body) {
        Set<String> ids = new LinkedHashSet<>();
        try (JsonReader reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            reader.readArray().getValuesAs(JsonString.class).forEach(id -> ids.add(id.getString()));
        }
        return ids;
    }
}
