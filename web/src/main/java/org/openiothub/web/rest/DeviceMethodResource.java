package org.openiothub.web.rest;

import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;

import org.openiothub.auth.AccessRight;
import org.openiothub.method.DirectMethods;
import org.openiothub.registry.DeviceIds;

/** {@code POST /twins/{id}/methods}: invokes a direct method on a device and answers with the device's result. */
@ApplicationScoped
@Path("twins/{deviceId}/methods")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRight({AccessRight.ServiceConnect})
public class DeviceMethodResource {

    @Inject
    DirectMethods methods;

    @POST
    @Consumes(MediaType.WILDCARD)
    public void invoke(@PathParam("deviceId") String deviceId, InputStream body, @Suspended AsyncResponse response) {
        MethodReplies.resumeWhenDone(response, () -> methods.invoke(DeviceIds.require(deviceId), null,
                MethodRequestJson.parse(RequestBodies.read(body, MethodRequestJson.MAX_REQUEST_BYTES))));
    }
}
