package org.openiothub.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Method;
import java.util.Arrays;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import org.openiothub.auth.ServiceAuthenticator;
import org.openiothub.auth.ServiceCaller;
import org.openiothub.errors.HubException;

/**
 * Authenticates every call with the policy SAS token in {@code Authorization} and checks the right the resource
 * method declares with {@link RequiresRight}. A method that declares none is refused: nothing is open by accident.
 * Resources marked {@link AuthenticatedAsDevice} authenticate their callers themselves.
 */
@ApplicationScoped
@Provider
@Priority(Priorities.AUTHENTICATION)
public class SasAuthenticationFilter implements ContainerRequestFilter {

    @Inject
    ServiceAuthenticator authenticator;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> resourceClass = resource.getResourceClass();
        if (resourceClass != null && resourceClass.isAnnotationPresent(AuthenticatedAsDevice.class)) {
            return;
        }
        ServiceCaller caller = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        RequiresRight required = requiredRight(resource.getResourceMethod());
        if (required == null || !(required.all() ? Arrays.stream(required.value()).allMatch(caller::has)
                : Arrays.stream(required.value()).anyMatch(caller::has))) {
            throw HubException.unauthorized("Policy " + caller.policyName() + " does not grant "
                    + (required == null ? "access to this operation" : Arrays.toString(required.value())) + ".");
        }
    }

    private static RequiresRight requiredRight(Method method) {
        if (method == null) {
            return null;
        }
        RequiresRight onMethod = method.getAnnotation(RequiresRight.class);
        return onMethod != null ? onMethod : method.getDeclaringClass().getAnnotation(RequiresRight.class);
    }
}
