package org.openiothub.web.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.auth.AccessRight;
import org.openiothub.registry.DeviceIds;
import org.openiothub.twin.DeviceTwin;
import org.openiothub.twin.TwinUpdate;
import org.openiothub.twin.Twins;

/**
 * {@code /twins/{id}}: device twins as IoT Hub's service API exposes them. Reading needs RegistryRead or
 * ServiceConnect, writing RegistryWrite or ServiceConnect (the {@code service} policy drives twins on IoT Hub).
 * PATCH also arrives as POST with {@code X-HTTP-Method-Override} (see {@link MethodOverrideFilter}).
 */
@ApplicationScoped
@Path("twins/{deviceId}")
@Produces(MediaType.APPLICATION_JSON)
public class TwinResource {

    @EJB
    Twins twins;

    @GET
    @RequiresRight({AccessRight.RegistryRead, AccessRight.ServiceConnect})
    public Response get(@PathParam("deviceId") String deviceId) {
        return withEtag(twins.get(DeviceIds.require(deviceId)));
    }

    @PATCH
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite, AccessRight.ServiceConnect})
    public Response patch(@PathParam("deviceId") String deviceId, @HeaderParam("If-Match") String ifMatch, String body) {
        DeviceIds.require(deviceId);
        return withEtag(twins.patch(deviceId, TwinUpdate.fromServiceJson(deviceId, JsonBodies.object(body), false), ifMatch));
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite, AccessRight.ServiceConnect})
    public Response replace(@PathParam("deviceId") String deviceId, @HeaderParam("If-Match") String ifMatch, String body) {
        DeviceIds.require(deviceId);
        return withEtag(twins.replace(deviceId, TwinUpdate.fromServiceJson(deviceId, JsonBodies.object(body), true), ifMatch));
    }

    private static Response withEtag(DeviceTwin twin) {
        return Response.ok(twin.toJson().toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("ETag", "\"" + twin.twin().etag() + "\"")
                .build();
    }
}
