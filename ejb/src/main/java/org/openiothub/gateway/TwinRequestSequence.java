package org.openiothub.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import jakarta.json.Json;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.twin.DeviceTwins;

/**
 * One device connection's twin requests, whatever the protocol: GET of the twin and PATCH of reported properties, in
 * the order the device sent them. Patches are handed to the twin service as they arrive, in that order, and it writes
 * them in that order (with other devices' patches, several of one device possibly in one transaction), completing
 * each once committed; a GET runs on the blocking executor once everything before it is answered, and a patch after
 * a GET is handed on once the GET is served, so a GET sees exactly the patches sent before it. Responses are handed
 * back in request order. Requests are submitted on the connection's event loop.
 */
public final class TwinRequestSequence {

    private static final Logger LOG = Logger.getLogger(TwinRequestSequence.class);

    /** Requests of one connection waiting or running; beyond this a device is told to slow down (429). */
    public static final int MAX_QUEUED = 16;

    /**
     * What a twin request is answered with.
     *
     * @param version the reported properties' new {@code $version} after a patch, else {@code null}
     * @param body    the twin JSON (GET), empty (PATCH), or IoT Hub's error JSON
     */
    public record Response(int status, Long version, byte[] body) {
    }

    private final DeviceTwins twins;
    private final Executor blockingWork;
    private final Executor eventLoop;
    private final Clock clock;
    private final DeviceIdentity identity;
    private final BiConsumer<String, Throwable> internalFailures;
    /** Completes once the response to the latest request was handed back. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    /** Completes once the latest request was handed to the twin service (a patch) or served (a GET). */
    private CompletableFuture<Void> handedOn = CompletableFuture.completedFuture(null);
    private int queued;

    /**
     * @param twins            {@code null} when no twin service is deployed: every request is answered 500
     * @param eventLoop        the connection's event loop
     * @param internalFailures logs a failure that is the hub's fault, with the device id, for operators
     */
    public TwinRequestSequence(DeviceTwins twins, Executor blockingWork, Executor eventLoop, Clock clock,
            DeviceIdentity identity, BiConsumer<String, Throwable> internalFailures) {
        this.twins = twins;
        this.blockingWork = blockingWork;
        this.eventLoop = eventLoop;
        this.clock = clock;
        this.identity = identity;
        this.internalFailures = internalFailures;
    }

    /** Serves a GET: {@code respond} gets 200 and the twin as the device sees it, after every earlier response. */
    public void get(Consumer<Response> respond) {
        submit(null, null, true, respond);
    }

    /**
     * Serves a PATCH of reported properties: {@code respond} gets 204 and the new version once committed, after every
     * earlier response.
     *
     * @param version the reported {@code $version} the patch is based on, {@code null} for any
     */
    public void patchReported(byte[] patchJson, Long version, Consumer<Response> respond) {
        submit(patchJson, version, false, respond);
    }

    private void submit(byte[] patchJson, Long version, boolean get, Consumer<Response> respond) {
        if (twins == null) {
            respond.accept(failure(new HubException(ErrorCode.SERVER_ERROR, "Twins are not served by this hub.")));
            return;
        }
        if (queued >= MAX_QUEUED) {
            respond.accept(failure(new HubException(ErrorCode.THROTTLING,
                    "More than " + MAX_QUEUED + " twin requests are waiting; wait for their responses.")));
            return;
        }
        queued++;
        CompletableFuture<Response> served;
        if (get) {
            served = last.thenApplyAsync(ignored -> get(), blockingWork);
            handedOn = served.handle((response, failure) -> null);
        } else {
            CompletableFuture<CompletableFuture<Response>> submitted = handedOn.thenApply(ignored -> patch(patchJson, version));
            handedOn = submitted.thenApply(ignored -> null);
            served = submitted.thenCompose(patched -> patched);
        }
        last = last.thenCompose(ignored -> served).handle((response, failure) -> {
            respond.accept(failure == null ? response : failure(unwrap(failure)));
            return (Void) null;
        }).whenComplete((ignored, failure) -> onEventLoop(() -> queued--));
    }

    private Response get() {
        try {
            return new Response(200, null, twins.getForDevice(identity).toDeviceJson().toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    private CompletableFuture<Response> patch(byte[] patchJson, Long version) {
        try {
            // Answered on the event loop: the thread that committed the patch goes on to the next batch.
            return twins.patchReported(identity, patchJson, version).toCompletableFuture()
                    .thenApplyAsync(newVersion -> new Response(204, newVersion, new byte[0]), eventLoop);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** IoT Hub's device-side error: the status, and a JSON body with the numeric code and a message. */
    private Response failure(Throwable failure) {
        ErrorCode code;
        String message;
        if (failure instanceof HubException hub) {
            code = hub.errorCode();
            message = hub.getMessage();
            LOG.debugf("[device-id: %s] twin request refused (%s): %s", identity.deviceId(), code.errorName(), message);
        } else if (failure instanceof RejectedExecutionException) {
            code = ErrorCode.THROTTLING;
            message = "The hub is too busy to serve twin requests; try again later.";
        } else {
            code = ErrorCode.SERVER_ERROR;
            message = "The hub failed to serve the twin request.";
            internalFailures.accept(identity.deviceId(), failure);
        }
        byte[] body = Json.createObjectBuilder()
                .add("errorCode", code.code())
                .add("trackingId", UUID.randomUUID().toString().replace("-", ""))
                .add("message", message)
                .add("timestampUtc", clock.instant().toString())
                .build().toString().getBytes(StandardCharsets.UTF_8);
        return new Response(code.httpStatus(), null, body);
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
