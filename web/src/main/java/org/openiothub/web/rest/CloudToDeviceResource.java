package org.openiothub.web.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.auth.AccessRight;
import org.openiothub.c2d.Ack;
import org.openiothub.c2d.CloudToDeviceMessage;
import org.openiothub.c2d.JpaCloudToDeviceQueue;
import org.openiothub.errors.HubException;
import org.openiothub.registry.DeviceIds;

/**
 * {@code POST /devices/{id}/messages/deviceBound}: a service sends a cloud-to-device message, with its properties
 * in the headers IoT Hub's HTTPS API uses ({@code iothub-messageid}, {@code iothub-correlationid},
 * {@code iothub-userid}, {@code iothub-expiry} (absolute, ISO 8601), {@code iothub-ack},
 * {@code iothub-contenttype}, {@code iothub-contentencoding}, {@code iothub-app-<name>}). The path is the whole
 * root so that it never shadows {@code /devices/{id}} of the registry.
 */
@ApplicationScoped
@Path("devices/{deviceId}/messages/deviceBound")
@RequiresRight({AccessRight.ServiceConnect})
public class CloudToDeviceResource {

    static final String MESSAGE_ID = "iothub-messageid";
    static final String CORRELATION_ID = "iothub-correlationid";
    static final String USER_ID = "iothub-userid";
    static final String EXPIRY = "iothub-expiry";
    static final String ACK = "iothub-ack";
    static final String CONTENT_TYPE = "iothub-contenttype";
    static final String CONTENT_ENCODING = "iothub-contentencoding";
    static final String APP_PREFIX = "iothub-app-";

    @EJB
    JpaCloudToDeviceQueue queue;

    /** @return 204 with the message id in {@code iothub-messageid} */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response send(@PathParam("deviceId") String deviceId, @Context HttpHeaders headers, byte[] body) {
        String messageId = queue.enqueue(DeviceIds.require(deviceId), message(headers, body == null ? new byte[0] : body));
        return Response.noContent().header(MESSAGE_ID, messageId).build();
    }

    private static CloudToDeviceMessage message(HttpHeaders headers, byte[] body) {
        Map<String, String> properties = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(APP_PREFIX)) {
                properties.put(name.substring(APP_PREFIX.length()), String.join(",", values));
            }
        });
        return new CloudToDeviceMessage(header(headers, MESSAGE_ID), header(headers, CORRELATION_ID),
                header(headers, USER_ID), expiry(headers), Ack.parse(header(headers, ACK)), header(headers, CONTENT_TYPE),
                header(headers, CONTENT_ENCODING), properties, body);
    }

    private static Instant expiry(HttpHeaders headers) {
        String value = header(headers, EXPIRY);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw HubException.invalid(EXPIRY + " must be an absolute UTC time in ISO 8601, e.g. 2030-01-01T00:00:00Z, not '" + value + "'.");
        }
    }

    /** @return the header's value, {@code null} when absent or empty */
    private static String header(HttpHeaders headers, String name) {
        List<String> values = headers.getRequestHeader(name);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }
}
