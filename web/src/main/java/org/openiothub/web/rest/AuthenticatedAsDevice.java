package org.openiothub.web.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource of the device-facing API: devices call it with their own SAS tokens and it authenticates them itself,
 * so {@link SasAuthenticationFilter} lets its requests by without a policy token.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AuthenticatedAsDevice {
}
