package org.openiothub.web.rest;

import java.io.IOException;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonDocuments;

/**
 * Every request body is at most {@link RequestBodies#MAX_BYTES}: a declared larger one is answered
 * {@code 413 MessageTooLarge} before it is read, and a body read as text (the JSON bodies) stops being read at the
 * limit. Text bodies must be UTF-8: anything else is {@code IotHubFormatError}, not U+FFFD stored in its place.
 * Undertow's own limit (the HTTPS listener's {@code max-post-size}, 10 MB) is above this one, so that a client is
 * answered in IoT Hub's error shape rather than with a reset connection.
 */
@Provider
@PreMatching
public class RequestBodyLimits implements ContainerRequestFilter, ReaderInterceptor {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > RequestBodies.MAX_BYTES) {
            request.abortWith(ErrorBodies.of(ErrorCode.MESSAGE_TOO_LARGE, "The request body of " + request.getLength()
                    + " bytes is over the limit of " + RequestBodies.MAX_BYTES + " bytes."));
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() != String.class) {
            return context.proceed();
        }
        byte[] body = RequestBodies.read(context.getInputStream(), RequestBodies.MAX_BYTES);
        try {
            return JsonDocuments.utf8(body);
        } catch (HubException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body is not valid UTF-8.");
        }
    }
}
