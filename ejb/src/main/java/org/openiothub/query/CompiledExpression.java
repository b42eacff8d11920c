package org.openiothub.query;

import jakarta.json.JsonValue;

/**
 * An expression checked against a {@link FunctionRegistry} and ready to run many times. Immutable and thread-safe.
 */
@FunctionalInterface
public interface CompiledExpression {

    /** @return the value, Java {@code null} when undefined */
    JsonValue evaluate(PropertySource properties);

    /** As a condition: only Boolean {@code true} passes; false, undefined and every other value do not. */
    default boolean test(PropertySource properties) {
        return JsonValues.isTrue(evaluate(properties));
    }
}
