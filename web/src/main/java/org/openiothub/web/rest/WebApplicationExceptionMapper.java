package org.openiothub.web.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.openiothub.errors.ErrorCode;

/** Unknown paths, wrong methods and unreadable requests answer in IoT Hub's error shape too. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> ErrorBodies.of(ErrorCode.IOTHUB_FORMAT_ERROR, e.getMessage());
            case 404 -> ErrorBodies.of(404, "NotFound", 404000, "No such resource.");
            case 405 -> ErrorBodies.of(405, "MethodNotAllowed", 405000, "The method is not allowed on this resource.");
            case 415 -> ErrorBodies.of(415, "UnsupportedMediaType", 415000, "Unsupported content type.");
            default -> ErrorBodies.of(status, "RequestFailed", status * 1000, String.valueOf(e.getMessage()));
        };
    }
}
