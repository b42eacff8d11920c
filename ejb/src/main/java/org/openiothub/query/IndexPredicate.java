package org.openiothub.query;

import java.util.List;
import java.util.Optional;

import jakarta.json.JsonValue;

/**
 * A test on one property that an index over (path, value) can answer exactly: a document passes when the value at
 * {@link #path()} passes {@link #test}. Values are JSON primitives; a string never equals a number, and ranges are
 * over strings (ordinal, case-sensitive) or numbers, never mixed, matching the query language's comparisons.
 */
public sealed interface IndexPredicate {

    PropertyPath path();

    /** @param value the document's value at {@link #path()}, Java null when undefined (which never passes) */
    boolean test(JsonValue value);

    /** {@code path = value}; {@code value} may be {@link JsonValue#NULL}. */
    record Equals(PropertyPath path, JsonValue value) implements IndexPredicate {

        @Override
        public boolean test(JsonValue candidate) {
            return JsonValues.sameValue(candidate, value);
        }
    }

    /** {@code path IN [values]} with at least two distinct primitive values, possibly of different types. */
    record In(PropertyPath path, List<JsonValue> values) implements IndexPredicate {

        public In {
            values = List.copyOf(values);
        }

        @Override
        public boolean test(JsonValue candidate) {
            return values.stream().anyMatch(value -> JsonValues.sameValue(candidate, value));
        }
    }

    /** One end of a {@link Range}. */
    record Bound(JsonValue value, boolean inclusive) {
    }

    /**
     * {@code lower < path < upper} (or {@code <=} at an inclusive end); at least one end is present and both ends are
     * strings or both numbers.
     */
    record Range(PropertyPath path, Optional<Bound> lower, Optional<Bound> upper) implements IndexPredicate {

        /** Strings or numbers, whichever the bounds are. */
        public JsonValue.ValueType valueType() {
            return lower.or(() -> upper).orElseThrow().value().getValueType();
        }

        @Override
        public boolean test(JsonValue candidate) {
            return lower.map(bound -> within(JsonValues.compare(candidate, bound.value()), bound.inclusive())).orElse(true)
                    && upper.map(bound -> within(JsonValues.compare(bound.value(), candidate), bound.inclusive())).orElse(true);
        }

        private static boolean within(Integer order, boolean inclusive) {
            return order != null && (order > 0 || inclusive && order == 0);
        }
    }

    /** {@code STARTSWITH(path, prefix)}: the value is a string beginning with {@code prefix}, case-sensitive. */
    record Prefix(PropertyPath path, String prefix) implements IndexPredicate {

        @Override
        public boolean test(JsonValue candidate) {
            return JsonValues.isString(candidate) && JsonValues.stringOf(candidate).startsWith(prefix);
        }
    }
}
