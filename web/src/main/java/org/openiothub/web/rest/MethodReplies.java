package org.openiothub.web.rest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.openiothub.errors.HubException;
import org.openiothub.method.MethodResult;

/**
 * Answers a suspended method request when its call completes: the device's result as IoT Hub's JSON, or the
 * failure in the error shape IoT Hub uses for direct methods (see {@link ErrorBodies#withJsonMessage}). No request
 * thread waits for the device.
 */
final class MethodReplies {

    private static final Logger LOG = Logger.getLogger(MethodReplies.class);

    private MethodReplies() {
    }

    /** @param call starts the call; what it throws (bad request, unknown device) answers the request at once */
    static void resumeWhenDone(AsyncResponse response, Supplier<CompletionStage<MethodResult>> call) {
        CompletionStage<MethodResult> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            fail(response, e);
            return;
        }
        stage.whenComplete((result, failure) -> {
            if (failure != null) {
                fail(response, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            } else {
                response.resume(Response.ok(MethodResultJson.format(result), MediaType.APPLICATION_JSON_TYPE).build());
            }
        });
    }

    /** The call's own failures answer in the method shape; anything else goes to the exception mappers. */
    private static void fail(AsyncResponse response, Throwable failure) {
        if (failure instanceof HubException e) {
            LOG.debugf("Direct method failed [%s]: %s", e.errorCode().errorName(), e.getMessage());
            response.resume(ErrorBodies.withJsonMessage(e.errorCode(), e.getMessage()));
        } else {
            response.resume(failure);
        }
    }
}
