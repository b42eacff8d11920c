package org.openiothub.gateway.mqtt;

import java.time.Clock;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.TwinRequestSequence;
import org.openiothub.twin.DeviceTwins;

/**
 * One connection's twin requests over MQTT: GET of the twin and PATCH of reported properties, served in order by a
 * {@link TwinRequestSequence}. Responses go out in request order on {@code $iothub/twin/res/<status>/} when the
 * device subscribed to it. {@link #handle} is called on the connection's event loop.
 */
final class MqttTwinHandler {

    private static final Logger LOG = Logger.getLogger(MqttTwinHandler.class);

    /** Requests of one connection waiting or running; beyond this a device is told to slow down (429). */
    static final int MAX_QUEUED = TwinRequestSequence.MAX_QUEUED;

    private final MqttDeviceLink link;
    private final TwinRequestSequence requests;

    /**
     * @param twins     {@code null} when no twin service is deployed: every request is answered 500
     * @param eventLoop the connection's event loop
     */
    MqttTwinHandler(DeviceTwins twins, Executor blockingWork, Executor eventLoop, Clock clock, MqttDeviceLink link) {
        this.link = link;
        this.requests = new TwinRequestSequence(twins, blockingWork, eventLoop, clock, link.identity(),
                MqttLogger.LOG::twinRequestFailed);
    }

    void handle(MqttTwinRequest request, byte[] payload) {
        if (request.kind() == MqttTwinRequest.Kind.GET) {
            requests.get(response -> respond(request, response));
        } else {
            requests.patchReported(payload, request.version(), response -> respond(request, response));
        }
    }

    private void respond(MqttTwinRequest request, TwinRequestSequence.Response response) {
        if (!link.accepts(DeviceFeature.TWIN_RESPONSES)) {
            LOG.debugf("[device-id: %s] twin response %d for $rid %s dropped: not subscribed to $iothub/twin/res/#",
                    link.identity().deviceId(), response.status(), request.requestId());
            return;
        }
        try {
            link.sendTwinResponse(request.responseTopic(response.status(), response.version()), response.body());
        } catch (IllegalStateException e) {
            LOG.debugf("[device-id: %s] twin response %d for $rid %s dropped: %s", link.identity().deviceId(),
                    response.status(), request.requestId(), e.getMessage());
        }
    }
}
