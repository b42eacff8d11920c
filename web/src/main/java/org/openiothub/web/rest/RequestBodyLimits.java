package org.openiothub.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import org.openiothub.errors.ErrorCode;

/**
 * Every request body is at most {@link RequestBodies#MAX_BYTES}: a declared larger one is answered
 * {@code 413 MessageTooLarge} before it is read ({@link TextRequestBodies} stops reading an undeclared one at the
 * limit). Undertow's own limit (the HTTPS listener's {@code max-post-size}, 10 MB) is above this one, so that a client
 * is answered in IoT Hub's error shape rather than with a reset connection or an empty 400.
 */
@Provider
@PreMatching
public class RequestBodyLimits implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > RequestBodies.MAX_BYTES) {
            request.abortWith(ErrorBodies.of(ErrorCode.MESSAGE_TOO_LARGE, "The request body of " + request.getLength()
                    + " bytes is over the limit of " + RequestBodies.MAX_BYTES + " bytes."));
        }
    }
}
