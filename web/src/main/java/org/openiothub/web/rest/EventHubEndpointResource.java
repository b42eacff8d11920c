package org.openiothub.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.openiothub.auth.AccessRight;
import org.openiothub.config.HubConfig;
import org.openiothub.eventhub.EventHub;

/**
 * {@code /eventHubEndpoints/events}: the built-in endpoint as IoT Hub's resource description shows it, what a back
 * end needs to read it with the Event Hubs SDKs.
 */
@ApplicationScoped
@Path("eventHubEndpoints/events")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRight({AccessRight.ServiceConnect})
public class EventHubEndpointResource {

    @Inject
    EventHub eventHub;

    @Inject
    HubConfig config;

    @GET
    public String describe() {
        JsonArrayBuilder ids = Json.createArrayBuilder();
        for (int p = 0; p < eventHub.partitionCount(); p++) {
            ids.add(Integer.toString(p));
        }
        return Json.createObjectBuilder()
                .add("endpoint", "sb://" + config.hostName() + "/")
                .add("path", config.hubName())
                .add("partitionCount", eventHub.partitionCount())
                .add("partitionIds", ids)
                .add("retentionTimeInDays", config.retentionDays())
                .build().toString();
    }
}
