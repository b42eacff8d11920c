package org.openiothub.gateway.http;

import java.time.Duration;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.JpaCloudToDeviceQueue;
import org.openiothub.errors.HubException;
import org.openiothub.web.rest.AuthenticatedAsDevice;

/**
 * A device polls for its cloud-to-device messages over HTTPS: {@code GET} locks the oldest waiting message for one
 * delivery and answers it with its lock token in {@code ETag} ({@code 204} when none waits); the device then completes
 * it ({@code DELETE .../{etag}}), rejects it ({@code DELETE .../{etag}?reject}) or abandons it
 * ({@code POST .../{etag}/abandon}). It is the queue the MQTT and AMQP gateways deliver from: a device polling while it
 * is also connected gets the messages those deliveries have not locked, each message locked to one delivery at a
 * time; an unsettled message comes back when its lock lapses, and is dead after the hub's maximum delivery count.
 */
@ApplicationScoped
@AuthenticatedAsDevice
@Path("devices/{deviceId}/messages/devicebound")
public class HttpCloudToDeviceResource {

    static final String LOCK_TIMEOUT = "iothub-messagelocktimeout";

    @Inject
    HttpDeviceAuthentication devices;

    @EJB
    JpaCloudToDeviceQueue queue;

    /** @param lockTimeout seconds the device wants the message locked for, at most the hub's lock timeout */
    @GET
    public Response receive(@PathParam("deviceId") String deviceId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(LOCK_TIMEOUT) String lockTimeout) {
        DeviceIdentity device = devices.authenticate(deviceId, null, authorization);
        Duration lock = queue.settings().lockTimeoutFor(seconds(lockTimeout));
        return queue.nextFor(device.deviceId(), lock)
                .map(HttpCloudToDeviceResponses::of)
                .orElseGet(() -> Response.noContent().build());
    }

    /** Completes the message, or rejects it with {@code ?reject}. @return 204; 412 {@code DeviceMessageLockLost} */
    @DELETE
    @Path("{etag}")
    public Response completeOrReject(@PathParam("deviceId") String deviceId, @PathParam("etag") String etag,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        DeviceIdentity device = devices.authenticate(deviceId, null, authorization);
        HttpLockTokens lock = HttpLockTokens.of(etag, uri.getQueryParameters());
        if (lock.reject()) {
            queue.reject(device.deviceId(), lock.lockToken());
        } else {
            queue.complete(device.deviceId(), lock.lockToken());
        }
        return Response.noContent().build();
    }

    /** Gives the message back to the queue. @return 204; 412 {@code DeviceMessageLockLost} */
    @POST
    @Path("{etag}/abandon")
    public Response abandon(@PathParam("deviceId") String deviceId, @PathParam("etag") String etag,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        DeviceIdentity device = devices.authenticate(deviceId, null, authorization);
        queue.abandon(device.deviceId(), HttpLockTokens.of(etag, uri.getQueryParameters()).lockToken());
        return Response.noContent().build();
    }

    private static Duration seconds(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            throw HubException.invalid(LOCK_TIMEOUT + " must be a number of seconds, not '" + header + "'.");
        }
    }
}
