package org.openiothub.gateway.http;

import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.openiothub.web.rest.AuthenticatedAsDevice;

/**
 * {@code POST /devices/{id}/messages/events} and {@code POST /devices/{id}/modules/{mid}/messages/events}: a device or
 * module sends a message, or a batch of them, over HTTPS.
 */
@ApplicationScoped
@AuthenticatedAsDevice
@Path("devices/{deviceId}{module: (/modules/[^/]+)?}/messages/events")
public class HttpTelemetryResource {

    private static final String MODULE_PREFIX = "/modules/";

    @Inject
    HttpDeviceAuthentication devices;

    @Inject
    HttpTelemetry telemetry;

    @POST
    @Consumes(MediaType.WILDCARD)
    public void send(@PathParam("deviceId") String deviceId, @PathParam("module") String module,
            @Context HttpHeaders headers, @Context UriInfo uri, InputStream body, @Suspended AsyncResponse response) {
        try {
            String moduleId = module == null || module.isEmpty() ? null : module.substring(MODULE_PREFIX.length());
            telemetry.store(devices.authenticate(deviceId, moduleId, headers.getHeaderString(HttpHeaders.AUTHORIZATION)),
                    rawPath(uri), headers, body, response);
        } catch (RuntimeException e) {
            response.resume(e);
        }
    }

    private static String rawPath(UriInfo uri) {
        String path = uri.getPath(false);
        return path.startsWith("/") ? path : "/" + path;
    }
}
