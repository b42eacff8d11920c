package org.openiothub.web.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.auth.AccessRight;
import org.openiothub.registry.DeviceIds;
import org.openiothub.registry.ModuleRecord;
import org.openiothub.registry.ModuleRegistry;
import org.openiothub.registry.ModuleSpec;

/** {@code /devices/{id}/modules}: module identities, as IoT Hub's service API exposes them. */
@ApplicationScoped
@Path("devices/{deviceId}/modules")
@Produces(MediaType.APPLICATION_JSON)
public class ModuleResource {

    @EJB
    ModuleRegistry modules;

    @GET
    @RequiresRight({AccessRight.RegistryRead})
    public String list(@PathParam("deviceId") String deviceId) {
        JsonArrayBuilder json = Json.createArrayBuilder();
        modules.list(DeviceIds.require(deviceId)).forEach(module -> json.add(ModuleJson.format(module)));
        return json.build().toString();
    }

    @GET
    @Path("{moduleId}")
    @RequiresRight({AccessRight.RegistryRead})
    public Response get(@PathParam("deviceId") String deviceId, @PathParam("moduleId") String moduleId) {
        return withEtag(modules.get(DeviceIds.require(deviceId), DeviceIds.require(moduleId)));
    }

    /** Without If-Match a create; with it a replace of the existing module. */
    @PUT
    @Path("{moduleId}")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public Response put(@PathParam("deviceId") String deviceId, @PathParam("moduleId") String moduleId,
            @HeaderParam("If-Match") String ifMatch, String body) {
        ModuleSpec spec = ModuleJson.parse(DeviceIds.require(deviceId), DeviceIds.require(moduleId), body);
        return withEtag(ifMatch == null || ifMatch.isBlank() ? modules.create(spec) : modules.replace(spec, ifMatch));
    }

    @DELETE
    @Path("{moduleId}")
    @RequiresRight({AccessRight.RegistryWrite})
    public Response delete(@PathParam("deviceId") String deviceId, @PathParam("moduleId") String moduleId,
            @HeaderParam("If-Match") String ifMatch) {
        modules.delete(DeviceIds.require(deviceId), DeviceIds.require(moduleId), ifMatch);
        return Response.noContent().build();
    }

    private static Response withEtag(ModuleRecord module) {
        return Response.ok(ModuleJson.format(module).toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("ETag", "\"" + module.etag() + "\"")
                .build();
    }
}
