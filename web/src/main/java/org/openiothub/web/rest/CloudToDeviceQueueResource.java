package org.openiothub.web.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.openiothub.auth.AccessRight;
import org.openiothub.c2d.JpaCloudToDeviceQueue;
import org.openiothub.registry.DeviceIds;

/**
 * {@code DELETE /devices/{id}/commands}: purges a device's cloud-to-device queue and answers IoT Hub's
 * {@code PurgeMessageQueueResult}, {@code {"deviceId":...,"totalMessagesPurged":n}}.
 */
@ApplicationScoped
@Path("devices/{deviceId}/commands")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRight({AccessRight.ServiceConnect})
public class CloudToDeviceQueueResource {

    @EJB
    JpaCloudToDeviceQueue queue;

    @DELETE
    public String purge(@PathParam("deviceId") String deviceId) {
        int purged = queue.purge(DeviceIds.require(deviceId));
        return Json.createObjectBuilder()
                .add("deviceId", deviceId)
                .add("totalMessagesPurged", purged)
                .build().toString();
    }
}
