package org.openiothub.web.rest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.method.MethodResult;

/**
 * Answers a suspended method request when its call completes: the device's result as IoT Hub's JSON, or the
 * failure through the exception mappers. No request thread waits for the device.
 */
final class MethodReplies {

    private MethodReplies() {
    }

    /** @param call starts the call; what it throws (bad request, unknown device) answers the request at once */
    static void resumeWhenDone(AsyncResponse response, Supplier<CompletionStage<MethodResult>> call) {
        CompletionStage<MethodResult> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            response.resume(e);
            return;
        }
        stage.whenComplete((result, failure) -> {
            if (failure != null) {
                response.resume(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            } else {
                response.resume(Response.ok(MethodResultJson.format(result), MediaType.APPLICATION_JSON_TYPE).build());
            }
        });
    }
}
