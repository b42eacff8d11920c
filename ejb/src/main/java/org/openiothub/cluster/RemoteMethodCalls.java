package org.openiothub.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.gateway.ConnectedDevices;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;

/**
 * Method calls that another node took and this node relays to a device connected here: the request goes to the
 * device's connection, and the device's answer goes back to the node that waits for it. An answer that does not come
 * is timed out by that node; its relay here is forgotten after the longest response time-out.
 */
@ApplicationScoped
public class RemoteMethodCalls {

    private static final Logger LOG = Logger.getLogger(RemoteMethodCalls.class);

    /** IoT Hub's longest response time-out, and a margin: a relay older than this has no waiting caller. */
    static final Duration LONGEST_CALL = Duration.ofSeconds(310);

    @Inject
    ArtemisClusterBus bus;

    @Inject
    ConnectedDevices devices;

    private final Map<String, Relay> relays = new ConcurrentHashMap<>();

    /** Hands a request from {@code request.origin()} to the device's connection here, or tells the origin there is none. */
    void relay(ClusterMessage request) {
        forgetOldRelays();
        String deviceId = request.property(ClusterMessage.DEVICE_ID);
        String moduleId = request.property(ClusterMessage.MODULE_ID);
        String requestId = request.property(ClusterMessage.REQUEST_ID);
        DeviceLink link = devices.findHere(deviceId, moduleId).filter(found -> found.accepts(DeviceFeature.METHODS))
                .orElse(null);
        if (link == null) {
            Map<String, String> answer = answerTo(deviceId, moduleId, requestId);
            answer.put(ClusterMessage.NOT_DELIVERED, "true");
            bus.sendTo(request.origin(), ClusterMessage.Kind.METHOD_ANSWER, answer, null);
            return;
        }
        relays.put(requestId, new Relay(request.origin(), deviceId, moduleId, System.nanoTime()));
        try {
            link.sendMethodRequest(requestId, request.property(ClusterMessage.METHOD_NAME), request.body());
        } catch (RuntimeException e) {
            LOG.debugf("[device-id: %s] relayed method request %s could not be sent: %s", deviceId, requestId, e);
        }
    }

    /**
     * Sends a device's answer to the node waiting for it, if this node relayed that call to that device.
     *
     * @return whether the answer was for a relayed call
     */
    public boolean answer(DeviceIdentity from, String requestId, int status, byte[] payload) {
        Relay relay = requestId == null ? null : relays.get(requestId);
        if (relay == null || from == null || !relay.deviceId.equals(from.deviceId())
                || !Objects.equals(relay.moduleId, from.moduleId()) || !relays.remove(requestId, relay)) {
            return false;
        }
        Map<String, String> answer = answerTo(relay.deviceId, relay.moduleId, requestId);
        answer.put(ClusterMessage.STATUS, Integer.toString(status));
        bus.sendTo(relay.origin, ClusterMessage.Kind.METHOD_ANSWER, answer, payload);
        return true;
    }

    private void forgetOldRelays() {
        long now = System.nanoTime();
        relays.values().removeIf(relay -> now - relay.sentNanos > LONGEST_CALL.toNanos());
    }

    private static Map<String, String> answerTo(String deviceId, String moduleId, String requestId) {
        Map<String, String> answer = new HashMap<>();
        answer.put(ClusterMessage.DEVICE_ID, deviceId);
        if (moduleId != null) {
            answer.put(ClusterMessage.MODULE_ID, moduleId);
        }
        answer.put(ClusterMessage.REQUEST_ID, requestId);
        return answer;
    }

    private record Relay(String origin, String deviceId, String moduleId, long sentNanos) {
    }
}
