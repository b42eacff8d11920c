package org.openiothub.web.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.openiothub.auth.AccessRight;
import org.openiothub.registry.DeviceCounts;
import org.openiothub.registry.RegistryStatistics;

/** {@code /statistics}: IoT Hub's registry and service statistics. */
@ApplicationScoped
@Path("statistics")
@Produces(MediaType.APPLICATION_JSON)
public class StatisticsResource {

    @EJB
    DeviceCounts counts;

    @GET
    @Path("devices")
    @RequiresRight({AccessRight.RegistryRead})
    public String devices() {
        RegistryStatistics statistics = counts.registry();
        return Json.createObjectBuilder()
                .add("totalDeviceCount", statistics.totalDeviceCount())
                .add("enabledDeviceCount", statistics.enabledDeviceCount())
                // IoT Hub's REST model names it enabledDeviceCount; the Java service SDK reads enableDeviceCount.
                .add("enableDeviceCount", statistics.enabledDeviceCount())
                .add("disabledDeviceCount", statistics.disabledDeviceCount())
                .build().toString();
    }

    @GET
    @Path("service")
    @RequiresRight({AccessRight.RegistryRead})
    public String service() {
        return Json.createObjectBuilder().add("connectedDeviceCount", counts.connected()).build().toString();
    }
}
