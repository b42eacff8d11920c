package org.openiothub.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.auth.AccessRight;
import org.openiothub.endpoint.ArtemisConsumerGroups;

/**
 * {@code /eventHubEndpoints/events/consumerGroups}: the consumer groups of the built-in events endpoint
 * (managed through Azure Resource Manager on IoT Hub, here on the hub's own API).
 */
@ApplicationScoped
@Path("eventHubEndpoints/events/consumerGroups")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRight({AccessRight.ServiceConnect})
public class ConsumerGroupResource {

    @EJB
    ArtemisConsumerGroups groups;

    @GET
    public String list() {
        JsonArrayBuilder names = Json.createArrayBuilder();
        groups.list().forEach(name -> names.add(json(name)));
        return Json.createObjectBuilder().add("value", names).build().toString();
    }

    @GET
    @Path("{name}")
    public String get(@PathParam("name") String name) {
        return json(groups.get(name)).toString();
    }

    @PUT
    @Path("{name}")
    @RequiresRight({AccessRight.RegistryWrite})
    public Response create(@PathParam("name") String name) {
        return Response.status(Response.Status.CREATED).entity(json(groups.create(name)).toString()).build();
    }

    @DELETE
    @Path("{name}")
    @RequiresRight({AccessRight.RegistryWrite})
    public Response delete(@PathParam("name") String name) {
        groups.delete(name);
        return Response.noContent().build();
    }

    private static jakarta.json.JsonObject json(String name) {
        return Json.createObjectBuilder().add("name", name).add("properties", Json.createObjectBuilder()
                .add("endpoint", ArtemisConsumerGroups.EVENTS_ADDRESS + "::" + name)).build();
    }
}
