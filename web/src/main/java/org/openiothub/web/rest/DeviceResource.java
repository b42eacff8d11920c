package org.openiothub.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.auth.AccessRight;
import org.openiothub.errors.HubException;
import org.openiothub.registry.BulkRegistry;
import org.openiothub.registry.DeviceIds;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.DeviceSpec;

/** {@code /devices}: the identity registry, as IoT Hub's service API exposes it. */
@ApplicationScoped
@Path("devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private static final int MAX_TOP = 1000;

    @EJB
    DeviceRegistry registry;

    @EJB
    BulkRegistry bulk;

    @GET
    @RequiresRight({AccessRight.RegistryRead})
    public String list(@QueryParam("top") @DefaultValue("1000") int top) {
        if (top < 1 || top > MAX_TOP) {
            throw HubException.invalid("top must be between 1 and " + MAX_TOP + ".");
        }
        JsonArrayBuilder devices = Json.createArrayBuilder();
        registry.list(top).forEach(device -> devices.add(DeviceJson.format(device)));
        return devices.build().toString();
    }

    /**
     * Bulk registry operations: up to 100 {@code ExportImportDevice} entries, each applied on its own. 200 when all
     * applied, else 400 with the refused ones; both with IoT Hub's {@code BulkRegistryOperationResult}.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public Response bulk(String body) {
        BulkResultJson result = BulkResultJson.of(bulk.applyRequest(BulkResultJson.parseRequest(body)));
        return Response.status(result.successful() ? 200 : 400)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(result.json().toString())
                .build();
    }

    @GET
    @Path("{deviceId}")
    @RequiresRight({AccessRight.RegistryRead})
    public Response get(@PathParam("deviceId") String deviceId) {
        return withEtag(registry.get(DeviceIds.require(deviceId)));
    }

    /** Without If-Match a create; with it a replace of the existing device. */
    @PUT
    @Path("{deviceId}")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public Response put(@PathParam("deviceId") String deviceId, @HeaderParam("If-Match") String ifMatch, String body) {
        DeviceSpec spec = DeviceJson.parse(DeviceIds.require(deviceId), body);
        DeviceRecord device = ifMatch == null || ifMatch.isBlank()
                ? registry.create(spec)
                : registry.replace(deviceId, spec, ifMatch);
        return withEtag(device);
    }

    @DELETE
    @Path("{deviceId}")
    @RequiresRight({AccessRight.RegistryWrite})
    public Response delete(@PathParam("deviceId") String deviceId, @HeaderParam("If-Match") String ifMatch) {
        registry.delete(DeviceIds.require(deviceId), ifMatch);
        return Response.noContent().build();
    }

    private static Response withEtag(DeviceRecord device) {
        return Response.ok(DeviceJson.format(device).toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("ETag", "\"" + device.etag() + "\"")
                .build();
    }
}
