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

    static Response of(int status, String errorName, int numericCode, String message) {
        String trackingId = UUID.randomUUID().toString().replace("-", "");
        String body = Json.createObjectBuilder()
                .add("Message", "ErrorCode:" + errorName + ";" + message)
                .add("ExceptionMessage", "Tracking ID:" + trackingId + "-TimeStamp:" + TIMESTAMP.format(Instant.now()))
                .add("errorCode", numericCode)
                .build().toString();
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("iothub-errorcode", errorName)
                .entity(body)
                .build();
    }
}
