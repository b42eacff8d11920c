package org.openiothub.web.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.errors.ErrorCode;

/** IoT Hub's error response: {@code {"Message":"ErrorCode:<name>;<text>","ExceptionMessage":"Tracking ID:..."}}. */
final class ErrorBodies {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").withZone(ZoneOffset.UTC);

    private ErrorBodies() {
    }

    static Response of(ErrorCode code, String message) {
        return of(code.httpStatus(), code.errorName(), code.code(), message);
    }

    /**
     * The other shape IoT Hub answers in, on its twin and direct method paths: {@code Message} holds a JSON object
     * with the numeric {@code errorCode}, and {@code ExceptionMessage} is empty. The Java service SDK reads the
     * numeric code (e.g. 404103) only from this shape.
     */
    static Response withJsonMessage(ErrorCode code, String message) {
        String trackingId = UUID.randomUUID().toString().replace("-", "");
        String inner = Json.createObjectBuilder()
                .add("errorCode", code.code())
                .add("trackingId", trackingId)
                .add("message", message)
                .add("timestampUtc", Instant.now().toString())
                .build().toString();
        String body = Json.createObjectBuilder()
                .add("Message", inner)
                .add("ExceptionMessage", "")
                .build().toString();
        return Response.status(code.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("iothub-errorcode", code.errorName())
                .entity(body)
                .build();
    }

    static Response of(int status, String errorName, int numericCode, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("iothub-errorcode", errorName)
                .entity(body(errorName, numericCode, message))
                .build();
    }

    /** The body of {@link #of(int, String, int, String)}, for answers written outside JAX-RS. */
    static String body(String errorName, int numericCode, String message) {
        String trackingId = UUID.randomUUID().toString().replace("-", "");
        return Json.createObjectBuilder()
                .add("Message", "ErrorCode:" + errorName + ";" + message)
                .add("ExceptionMessage", "Tracking ID:" + trackingId + "-TimeStamp:" + TIMESTAMP.format(Instant.now()))
                .add("errorCode", numericCode)
                .build().toString();
    }
}
