package org.openiothub.gateway.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.c2d.DeviceBoundMessage;

/**
 * A cloud-to-device message as the answer to a device's poll: the body, the lock token as a quoted {@code ETag}, and
 * the message's properties in IoT Hub's {@code iothub-*} headers (times in ISO 8601 UTC), application properties as
 * {@code iothub-app-<name>}.
 */
final class HttpCloudToDeviceResponses {

    private HttpCloudToDeviceResponses() {
    }

    static Response of(DeviceBoundMessage message) {
        Response.ResponseBuilder response = Response.ok(message.body(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.ETAG, "\"" + message.lockToken() + "\"");
        header(response, "iothub-messageid", message.messageId());
        header(response, "iothub-sequencenumber", String.valueOf(message.sequenceNumber()));
        header(response, "iothub-to", message.to());
        header(response, "iothub-expiry", message.expiryTime() == null ? null : message.expiryTime().toString());
        header(response, "iothub-correlationid", message.correlationId());
        header(response, "iothub-userid", message.userId());
        header(response, "iothub-ack", message.ack());
        header(response, "iothub-enqueuedtime", message.enqueuedTime() == null ? null : message.enqueuedTime().toString());
        header(response, "iothub-deliverycount", String.valueOf(message.deliveryCount()));
        header(response, "iothub-contenttype", message.contentType());
        header(response, "iothub-contentencoding", message.contentEncoding());
        if (message.applicationProperties() != null) {
            message.applicationProperties().forEach((name, value) -> {
                if (isToken(name)) {
                    header(response, HttpMessageProperties.APP_PREFIX + name, value);
                }
            });
        }
        return response.build();
    }

    /** Sets a header unless the value is empty, or holds a control character that would split the response. */
    private static void header(Response.ResponseBuilder response, String name, String value) {
        if (value == null || value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            return;
        }
        response.header(name, value);
    }

    /** Whether {@code name} can be a header name (an RFC 9110 token); other application properties are not sent. */
    static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }
}
