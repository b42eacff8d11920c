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
 * One connection's twin requests: GET of the twin and PATCH of reported properties, in the order the device sent
 * them. Patches are handed to the twin service as they arrive, in that order, and it writes them in that order (with
 * other devices' patches, several of one device possibly in one transaction), completing each once committed; a GET
 * runs on the blocking executor once everything before it is answered, and a patch after a GET is handed on once the
 * GET is served, so a GET sees exactly the patches sent before it. Responses go out in request order on
 * {@code $iothub/twin/res/<status>/} when the device subscribed to it. {@link #handle} is called on the connection's
 * event loop.
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
    /** Completes once the response to the latest request went out. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    /** Completes once the latest request was handed to the twin service (a patch) or served (a GET). */
    private CompletableFuture<Void> handedOn = CompletableFuture.completedFuture(null);
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
        CompletableFuture<Response> served;
        if (request.kind() == MqttTwinRequest.Kind.GET) {
            served = last.thenApplyAsync(ignored -> get(), blockingWork);
            handedOn = served.handle((response, failure) -> null);
        } else {
            CompletableFuture<CompletableFuture<Response>> submitted = handedOn.thenApply(ignored -> patch(request, payload));
            handedOn = submitted.thenApply(ignored -> null);
            served = submitted.thenCompose(patched -> patched);
        }
        last = last.thenCompose(ignored -> served).handle((response, failure) -> {
            respond(request, failure == null ? response : failure(unwrap(failure)));
            return (Void) null;
        }).whenComplete((ignored, failure) -> onEventLoop(() -> queued--));
    }

    private Response get() {
        try {
            return new Response(200, null,
                    twins.getForDevice(link.identity()).toDeviceJson().toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    private CompletableFuture<Response> patch(MqttTwinRequest request, byte[] payload) {
        try {
            // Answered on the event loop: the thread that committed the patch goes on to the next batch.
            return twins.patchReported(link.identity(), payload, request.version()).toCompletableFuture()
                    .thenApplyAsync(version -> new Response(204, version, new byte[0]), eventLoop);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
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
