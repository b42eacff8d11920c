package org.openiothub.web.rest;

import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.openiothub.auth.AccessPolicies;
import org.openiothub.auth.AccessRight;

/**
 * {@code /sharedAccessPolicies}: the hub's policies with their keys, in the shape of Azure Resource Manager's
 * {@code listkeys}. Only a caller holding every right (the owner) may read them.
 */
@ApplicationScoped
@Path("sharedAccessPolicies")
@Produces(MediaType.APPLICATION_JSON)
public class SharedAccessPolicyResource {

    @Inject
    AccessPolicies policies;

    @GET
    @RequiresRight(value = {AccessRight.RegistryRead, AccessRight.RegistryWrite, AccessRight.ServiceConnect,
            AccessRight.DeviceConnect}, all = true)
    public String list() {
        JsonArrayBuilder value = Json.createArrayBuilder();
        policies.all().forEach(policy -> value.add(Json.createObjectBuilder()
                .add("keyName", policy.name())
                .add("primaryKey", policy.primaryKey())
                .add("secondaryKey", policy.secondaryKey())
                .add("rights", policy.rights().stream().map(Enum::name).collect(Collectors.joining(", ")))));
        return Json.createObjectBuilder().add("value", value).build().toString();
    }
}
