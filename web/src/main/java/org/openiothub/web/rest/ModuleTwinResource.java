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
import org.openiothub.twin.ModuleTwin;
import org.openiothub.twin.ModuleTwins;
import org.openiothub.twin.TwinUpdate;

/**
 * {@code /twins/{id}/modules/{mid}}: module twins, with the rights and semantics of device twins
 * ({@link TwinResource}).
 */
@ApplicationScoped
@Path("twins/{deviceId}/modules/{moduleId}")
@Produces(MediaType.APPLICATION_JSON)
public class ModuleTwinResource {

    @EJB
    ModuleTwins twins;

    @GET
    @RequiresRight({AccessRight.RegistryRead, AccessRight.ServiceConnect})
    public Response get(@PathParam("deviceId") String deviceId, @PathParam("moduleId") String moduleId) {
        return withEtag(twins.get(DeviceIds.require(deviceId), DeviceIds.require(moduleId)));
    }

    @PATCH
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite, AccessRight.ServiceConnect})
    public Response patch(@PathParam("deviceId") String deviceId, @PathParam("moduleId") String moduleId,
            @HeaderParam("If-Match") String ifMatch, String body) {
        TwinUpdate update = TwinUpdate.fromServiceJson(DeviceIds.require(deviceId), DeviceIds.require(moduleId),
                JsonBodies.object(body), false);
        return withEtag(twins.patch(deviceId, moduleId, update, ifMatch));
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite, AccessRight.ServiceConnect})
    public Response replace(@PathParam("deviceId") String deviceId, @PathParam("moduleId") String moduleId,
            @HeaderParam("If-Match") String ifMatch, String body) {
        TwinUpdate update = TwinUpdate.fromServiceJson(DeviceIds.require(deviceId), DeviceIds.require(moduleId),
                JsonBodies.object(body), true);
        return withEtag(twins.replace(deviceId, moduleId, update, ifMatch));
    }

    private static Response withEtag(ModuleTwin twin) {
        return Response.ok(twin.toJson().toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("ETag", "\"" + twin.twin().etag() + "\"")
                .build();
    }
}
