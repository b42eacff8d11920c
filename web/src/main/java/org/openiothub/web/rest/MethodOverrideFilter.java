package org.openiothub.web.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * The Java service SDK's HTTP client cannot send PATCH: it sends POST with {@code X-HTTP-Method-Override: PATCH}.
 * Such a request is matched as the PATCH it stands for. Only PATCH is honoured, so a POST cannot turn into a
 * DELETE or PUT by a header.
 */
@Provider
@PreMatching
public class MethodOverrideFilter implements ContainerRequestFilter {

    static final String HEADER = "X-HTTP-Method-Override";

    @Override
    public void filter(ContainerRequestContext request) {
        String override = request.getHeaderString(HEADER);
        if (HttpMethod.POST.equals(request.getMethod()) && override != null
                && HttpMethod.PATCH.equalsIgnoreCase(override.trim())) {
            request.setMethod(HttpMethod.PATCH);
        }
    }
}
