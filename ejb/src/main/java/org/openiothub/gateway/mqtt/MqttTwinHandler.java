package org.openiothub.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.json.Json;

import org.jboss.logging.Logger;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.twin.DeviceTwins;

/**
 * One connection's twin requests: GET of the twin and PATCH of reported properties. The twin service blocks on
 * the database, so requests run on the blocking executor, one after the other in the order the device sent them
 * (a later patch never overtakes an earlier one); each response goes out on {@code $iothub/twin/res/<status>/}
 * when the device subscribed to it. {@link #handle} is called on the connection's event loop.
 */
final class MqttTwinHandler {

    private static final Logger LOG = Logger.getLogger(MqttTwinHandler.class);

    /** Requests of one connection waiting or running; beyond this a device is told to slow down (429). */
    static final int MAX_QUEUED = 16;

    private final DeviceTwins twins;
    private final Executor blockingWork;
    private final Executor eventLoop;
    private final Clock clock;
    private final MqttDeviceLink link;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private int queued;

    /**
     * @param twins     {@code null} when no twin service is deployed: every request is answered 500
     * @param eventLoop the connection's event loop
     */
    MqttTwinHandler(DeviceTwins twins, Executor blockingWork, Executor eventLoop, Clock clock, MqttDeviceLink link) {
        this.twins = twins;
        this.blockingWork = blockingWork;
        this.eventLoop = eventLoop;
        this.clock = clock;
        this.link = link;
    }

    private record Response(int status, Long version, byte[] body) {
    }

    void handle(MqttTwinRequest request, byte[] payload) {
        if (twins == null) {
            respond(request, failure(new HubException(ErrorCode.SERVER_ERROR, "Twins are not served by this hub.")));
            return;
        }
        if (queued >= MAX_QUEUED) {
            respond(request, failure(new HubException(ErrorCode.THROTTLING,
                    "More than " + MAX_QUEUED + " twin requests are waiting; wait for their responses.")));
            return;
        }
        queued++;
        last = last.thenRunAsync(() -> respond(request, serve(request, payload)), blockingWork)
                .exceptionally(failure -> {
                    respond(request, failure(unwrap(failure)));
                    return null;
                })
                .whenComplete((ignored, failure) -> onEventLoop(() -> queued--));
    }

    private Response serve(MqttTwinRequest request, byte[] payload) {
        try {
            return switch (request.kind()) {
                case GET -> new Response(200, null,
                        twins.getForDevice(link.identity()).toDeviceJson().toString().getBytes(StandardCharsets.UTF_8));
                case PATCH_REPORTED -> new Response(204,
                        twins.patchReported(link.identity(), payload, request.version()), new byte[0]);
            };
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /** IoT Hub's device-side error: the status in the topic, a JSON body with the numeric code and a message. */
    private Response failure(Throwable failure) {
        ErrorCode code;
        String message;
        if (failure instanceof HubException hub) {
            code = hub.errorCode();
            message = hub.getMessage();
            LOG.debugf("[device-id: %s] twin request refused (%s): %s", link.identity().deviceId(), code.errorName(), message);
        } else if (failure instanceof RejectedExecutionException) {
            code = ErrorCode.THROTTLING;
            message = "The hub is too busy to serve twin requests; try again later.";
        } else {
            code = ErrorCode.SERVER_ERROR;
            message = "The hub failed to serve the twin request.";
            MqttLogger.LOG.twinRequestFailed(link.identity().deviceId(), failure);
        }
        byte[] body = Json.createObjectBuilder()
                .add("errorCode", code.code())
                .add("trackingId", UUID.randomUUID().toString().replace("-", ""))
                .add("message", message)
                .add("timestampUtc", clock.instant().toString())
                .build().toString().getBytes(StandardCharsets.UTF_8);
        return new Response(code.httpStatus(), null, body);
    }

    private void respond(MqttTwinRequest request, Response response) {
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

    private void onEventLoop(Runnable task) {
        try {
            eventLoop.execute(task);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with the gateway, and the connection with it
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
