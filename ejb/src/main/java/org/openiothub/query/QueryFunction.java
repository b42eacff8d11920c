package org.openiothub.query;

import java.util.List;
import java.util.Locale;

import jakarta.json.JsonValue;

/**
 * A scalar function a query or condition may call, such as {@code IS_DEFINED(x)} or {@code SUBSTRING(s, 1, 3)}. The
 * body receives the evaluated arguments, Java {@code null} for undefined ones, and returns the result, null for
 * undefined; it must not throw for arguments of the wrong type (the result is then undefined, as in IoT Hub).
 *
 * @param name upper case, as looked up
 * @param minArguments fewest arguments a call may pass
 * @param maxArguments most arguments a call may pass, {@link Integer#MAX_VALUE} for no limit
 */
public record QueryFunction(String name, int minArguments, int maxArguments, Body body) {

    @FunctionalInterface
    public interface Body {
        JsonValue apply(List<JsonValue> arguments);
    }

    public QueryFunction {
        name = name.toUpperCase(Locale.ROOT);
        if (minArguments < 0 || maxArguments < minArguments) {
            throw new IllegalArgumentException("Bad arity for " + name + ": " + minArguments + ".." + maxArguments);
        }
    }

    public static QueryFunction of(String name, int arguments, Body body) {
        return new QueryFunction(name, arguments, arguments, body);
    }

    public boolean accepts(int arguments) {
        return arguments >= minArguments && arguments <= maxArguments;
    }

    /** E.g. {@code 2}, {@code 2 or 3}, {@code at least 2}. */
    String describeArity() {
        if (minArguments == maxArguments) {
            return String.valueOf(minArguments);
        }
        if (maxArguments == Integer.MAX_VALUE) {
            return "at least " + minArguments;
        }
        return maxArguments == minArguments + 1 ? minArguments + " or " + maxArguments : minArguments + " to " + maxArguments;
    }
}
