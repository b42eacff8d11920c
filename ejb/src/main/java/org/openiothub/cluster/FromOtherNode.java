package org.openiothub.cluster;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

/**
 * Marks a CDI event that another node of the cluster fired and this node fires again for its own observers. The
 * core's observers take no qualifier, so they see both; {@link ClusterEventRelay} observes only {@code @Default}
 * events, so an event that came from another node is never sent on again.
 */
@Qualifier
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
public @interface FromOtherNode {

    /** The qualifier as a value, for {@code Event.select}. */
    final class Literal extends AnnotationLiteral<FromOtherNode> implements FromOtherNode {
        static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}
