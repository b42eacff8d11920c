package org.openiothub.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Groups documents that passed a query's WHERE and computes its aggregates, one row per group, e.g.
 * {@code {"fw":"2.1","n":42}}. Documents whose GROUP BY property is undefined form a group of their own, whose row
 * leaves that key out. Without GROUP BY there is exactly one row, even for no documents ({@code COUNT()} is 0).
 * Aggregates follow Cosmos DB SQL: undefined values are skipped; SUM and AVG are undefined when any value is not a
 * number, SUM of no numbers is 0 and AVG of none undefined; MIN and MAX order null &lt; false &lt; true &lt; numbers &lt;
 * strings and skip objects and arrays. Not thread-safe: one per execution.
 */
public final class Aggregation {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final List<PropertyPath> groupBy;
    private final List<OutputColumn> columns;
    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();

    Aggregation(List<PropertyPath> groupBy, List<OutputColumn> columns) {
        this.groupBy = groupBy;
        this.columns = columns;
    }

    /** Adds a document that passed the WHERE condition. */
    public void add(JsonObject document) {
        JsonValue[] keyValues = new JsonValue[groupBy.size()];
        for (int i = 0; i < keyValues.length; i++) {
            keyValues[i] = groupBy.get(i).valueIn(document);
        }
        Group group = groups.computeIfAbsent(GroupKey.of(keyValues), key -> new Group(keyValues, columns));
        PropertySource properties = PropertySource.of(document);
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn column = columns.get(i);
            if (column.isAggregate()) {
                group.accumulators[i].add(column.argument().map(argument -> argument.evaluate(properties)).orElse(null));
            }
        }
    }

    /** The rows so far, in the order their groups first appeared. */
    public List<JsonObject> rows() {
        List<JsonObject> rows = new ArrayList<>();
        if (groups.isEmpty() && groupBy.isEmpty()) {
            rows.add(new Group(new JsonValue[0], columns).row(columns));
        }
        for (Group group : groups.values()) {
            rows.add(group.row(columns));
        }
        return rows;
    }

    private static final class Group {

        private final JsonValue[] keyValues;
        private final Accumulator[] accumulators;

        Group(JsonValue[] keyValues, List<OutputColumn> columns) {
            this.keyValues = keyValues;
            this.accumulators = new Accumulator[columns.size()];
            for (int i = 0; i < accumulators.length; i++) {
                if (columns.get(i).isAggregate()) {
                    accumulators[i] = Accumulator.of(columns.get(i).aggregate());
                }
            }
        }

        JsonObject row(List<OutputColumn> columns) {
            JsonObjectBuilder row = JSON.createObjectBuilder();
            for (int i = 0; i < columns.size(); i++) {
                OutputColumn column = columns.get(i);
                JsonValue value = column.isAggregate() ? accumulators[i].result() : keyValues[column.groupKey()];
                if (value != null) {
                    row.add(column.name(), value);
                }
            }
            return row.build();
        }
    }

    /** Group identity: numbers by value (2 and 2.0 are one group), other primitives by type and value. */
    private record GroupKey(List<Object> parts) {

        private static final Object UNDEFINED = new Object();

        static GroupKey of(JsonValue[] values) {
            List<Object> parts = new ArrayList<>(values.length);
            for (JsonValue value : values) {
                parts.add(part(value));
            }
            return new GroupKey(parts);
        }

        private static Object part(JsonValue value) {
            if (value == null) {
                return UNDEFINED;
            }
            return switch (value.getValueType()) {
                case NUMBER -> JsonValues.doubleOf(value) + 0.0; // + 0.0 folds -0.0 into 0.0
                case STRING -> JsonValues.stringOf(value);
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case NULL -> JsonValue.NULL;
                default -> List.of(value.getValueType(), value.toString());
            };
        }
    }

    private interface Accumulator {

        void add(JsonValue value);

        JsonValue result();

        static Accumulator of(AggregateFunction function) {
            return switch (function) {
                case COUNT -> new Count();
                case SUM -> new Sum(false);
                case AVG -> new Sum(true);
                case MIN -> new Extreme(-1);
                case MAX -> new Extreme(1);
            };
        }
    }

    private static final class Count implements Accumulator {

        private long count;

        @Override
        public void add(JsonValue ignored) {
            count++;
        }

        @Override
        public JsonValue result() {
            return JsonValues.number(count);
        }
    }

    private static final class Sum implements Accumulator {

        private final boolean average;
        private double sum;
        private long count;
        private boolean notNumeric;

        Sum(boolean average) {
            this.average = average;
        }

        @Override
        public void add(JsonValue value) {
            if (value == null) {
                return;
            }
            if (JsonValues.isNumber(value)) {
                sum += JsonValues.doubleOf(value);
                count++;
            } else {
                notNumeric = true;
            }
        }

        @Override
        public JsonValue result() {
            if (notNumeric) {
                return null;
            }
            if (average) {
                return count == 0 ? null : JsonValues.number(sum / count);
            }
            return JsonValues.number(sum);
        }
    }

    private static final class Extreme implements Accumulator {

        private final int direction;
        private JsonValue best;

        /** @param direction 1 keeps the greatest value, -1 the least */
        Extreme(int direction) {
            this.direction = direction;
        }

        @Override
        public void add(JsonValue value) {
            if (!JsonValues.isPrimitive(value)) {
                return;
            }
            if (best == null || Integer.signum(typeOrder(value, best)) == direction) {
                best = value;
            }
        }

        @Override
        public JsonValue result() {
            return best;
        }

        /** Across types null < booleans < numbers < strings; within a type the usual comparison. */
        private static int typeOrder(JsonValue a, JsonValue b) {
            int byType = Integer.compare(rank(a), rank(b));
            return byType != 0 ? byType : JsonValues.compare(a, b);
        }

        private static int rank(JsonValue value) {
            return switch (value.getValueType()) {
                case NULL -> 0;
                case FALSE, TRUE -> 1;
                case NUMBER -> 2;
                default -> 3;
            };
        }
    }
}
