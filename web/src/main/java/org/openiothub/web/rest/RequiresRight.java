package org.openiothub.web.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.openiothub.auth.AccessRight;

/** The access rights a caller's policy must hold to call a resource method: any one of them, or all with {@code all}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRight {
    AccessRight[] value();

    boolean all() default false;
}
