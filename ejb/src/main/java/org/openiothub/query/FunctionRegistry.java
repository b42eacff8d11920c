package org.openiothub.query;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The functions one context offers. IoT Hub lets twin and job queries call {@code IS_DEFINED} and the string-prefix
 * tests, while routing conditions also get the math, type-checking and string functions; a context may add its own
 * (routing's {@code $body} helpers, for instance) with {@link #with}. Immutable.
 */
public final class FunctionRegistry {

    private static final FunctionRegistry TWIN_QUERIES = of(BuiltInFunctions.TWIN_QUERY);

    private static final FunctionRegistry ROUTE_CONDITIONS = of(Stream.of(BuiltInFunctions.TYPE_CHECKS,
            BuiltInFunctions.STRINGS, BuiltInFunctions.MATH).flatMap(List::stream).toList());

    private final Map<String, QueryFunction> functions;

    private FunctionRegistry(Map<String, QueryFunction> functions) {
        this.functions = Map.copyOf(functions);
    }

    public static FunctionRegistry of(Collection<QueryFunction> functions) {
        Map<String, QueryFunction> byName = new LinkedHashMap<>();
        for (QueryFunction function : functions) {
            byName.put(function.name(), function);
        }
        return new FunctionRegistry(byName);
    }

    /** What queries over devices, devices.modules and devices.jobs may call: IS_DEFINED, STARTSWITH, ENDSWITH. */
    public static FunctionRegistry twinQueries() {
        return TWIN_QUERIES;
    }

    /** What message-routing conditions may call: every type-checking, string and math function built in. */
    public static FunctionRegistry routeConditions() {
        return ROUTE_CONDITIONS;
    }

    /** This registry plus {@code extra}, which replace functions of the same name. */
    public FunctionRegistry with(QueryFunction... extra) {
        Map<String, QueryFunction> byName = new LinkedHashMap<>(functions);
        for (QueryFunction function : extra) {
            byName.put(function.name(), function);
        }
        return new FunctionRegistry(byName);
    }

    /** @param name any case */
    public Optional<QueryFunction> find(String name) {
        return Optional.ofNullable(functions.get(name.toUpperCase(Locale.ROOT)));
    }

    /** Sorted upper-case names, for error messages. */
    public List<String> names() {
        return functions.keySet().stream().sorted().toList();
    }
}
