package org.openiothub.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import org.openiothub.query.Expression.AggregateCall;
import org.openiothub.query.Expression.PropertyRef;
import org.openiothub.query.IndexPredicate.Bound;
import org.openiothub.query.IndexPredicate.Equals;
import org.openiothub.query.IndexPredicate.In;
import org.openiothub.query.IndexPredicate.Prefix;
import org.openiothub.query.IndexPredicate.Range;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Translates a {@link QueryPlan} (and, when it is exact, a query's aggregates) to SQL over a property index, so that
 * a selective query over 100,000 twins reads a few index entries instead of every document. Pure: it writes SQL text
 * and parameters; storage owns the table and runs the SQL.
 *
 * <h2>The index this SQL expects</h2>
 * <pre>
 * CREATE TABLE twin_property (
 *     device_id  VARCHAR(260)  NOT NULL,  -- the twin's key; for module twins e.g. "deviceId/moduleId"
 *     path       VARCHAR(1024) NOT NULL,  -- PropertyPath.toString(), e.g. properties.reported.fw
 *     str_value  VARCHAR(4096),           -- PostgreSQL: COLLATE "C", so ranges order like the evaluator (ordinal)
 *     num_value  DOUBLE PRECISION,
 *     bool_value BOOLEAN,                 -- all three NULL: the JSON value null
 *     PRIMARY KEY (device_id, path));
 * CREATE INDEX twin_property_str  ON twin_property (path, str_value);   -- PostgreSQL: text_pattern_ops not needed with "C"
 * CREATE INDEX twin_property_num  ON twin_property (path, num_value);
 * CREATE INDEX twin_property_bool ON twin_property (path, bool_value);
 * </pre>
 * Its rows for a document are exactly {@link TwinPropertyRows#of}, rewritten in the transaction that writes the
 * document (delete by device_id, insert the new rows; or a diff). One table per source (devices, modules, jobs) or a
 * source column in the key; {@code deviceId} is a row of every document, which the aggregate SQL relies on.
 *
 * <h2>Using it</h2>
 * {@link #candidateIds} gives the ids of the documents that pass every index predicate (an INTERSECT of one index
 * range scan per predicate); load those documents, keep what {@link TwinQuery#matches} and project. Without index
 * predicates there is no SQL: every document is a candidate. {@link #aggregates} computes GROUP BY rows in the
 * database when the whole WHERE is indexed and the aggregates are COUNT, SUM or AVG over paths; otherwise aggregate
 * in memory with {@link TwinQuery#newAggregation()}. Neither applies TOP: use {@code setMaxResults} or cut the list.
 *
 * <p>Known differences from the in-memory {@link Aggregation}, both about objects and arrays, which have no index
 * rows: SQL puts documents whose GROUP BY property is an object in the undefined group (memory groups them by value),
 * and skips such values in SUM and AVG (memory makes the aggregate undefined).
 */
public final class TwinPropertySql {

    public static final String TABLE = "twin_property";

    /** The path present in every document, the base for aggregates over all documents. */
    private static final String ALWAYS_PRESENT = "deviceId";

    private static final JsonProvider JSON = JsonProvider.provider();

    private TwinPropertySql() {
    }

    /**
     * {@code SELECT device_id FROM twin_property WHERE ...} for every index predicate, joined with INTERSECT.
     *
     * @return empty when the plan has no index predicates
     */
    public static Optional<SqlQuery> candidateIds(QueryPlan plan) {
        if (!plan.usesIndex()) {
            return Optional.empty();
        }
        StringJoiner sql = new StringJoiner(" INTERSECT ");
        List<Object> parameters = new ArrayList<>();
        for (IndexPredicate predicate : plan.indexPredicates()) {
            sql.add("SELECT device_id FROM " + TABLE + " WHERE " + condition(predicate, parameters));
        }
        return Optional.of(new SqlQuery(sql.toString(), parameters));
    }

    /**
     * SQL computing the rows of an aggregate query, and how to read them back.
     *
     * @return empty unless the query aggregates, its plan is exact, and every projection is a GROUP BY key, COUNT(),
     *         or SUM or AVG of a property path the index holds
     */
    public static Optional<AggregateSql> aggregates(TwinQuery query) {
        if (!query.isAggregate() || !query.plan().isExact()
                || !query.groupBy().stream().allMatch(TwinPropertyRows::covers)) {
            return Optional.empty();
        }
        List<Object> joinParameters = new ArrayList<>();
        StringJoiner select = new StringJoiner(", ");
        StringBuilder joins = new StringBuilder();
        List<String> groupColumns = new ArrayList<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            String alias = "g" + i;
            joins.append(" LEFT JOIN ").append(TABLE).append(' ').append(alias).append(" ON ").append(alias)
                    .append(".device_id = d.device_id AND ").append(alias).append(".path = ?");
            joinParameters.add(query.groupBy().get(i).toString());
            String defined = "CASE WHEN " + alias + ".device_id IS NULL THEN 0 ELSE 1 END";
            for (String column : List.of(alias + ".str_value", alias + ".num_value", alias + ".bool_value", defined)) {
                select.add(column);
                groupColumns.add(column);
            }
        }
        List<Reader> readers = new ArrayList<>();
        int columnIndex = groupColumns.size();
        List<Query.Projection> projections = query.query().projections();
        for (int i = 0; i < projections.size(); i++) {
            String name = query.columnNames().get(i);
            Expression expression = projections.get(i).expression();
            if (expression instanceof PropertyRef ref) {
                readers.add(new Reader(name, ReaderKind.GROUP_KEY, 4 * query.groupBy().indexOf(ref.path())));
                continue;
            }
            AggregateCall call = (AggregateCall) expression;
            if (call.function() == AggregateFunction.COUNT) {
                select.add("COUNT(*)");
                readers.add(new Reader(name, ReaderKind.COUNT, columnIndex++));
                continue;
            }
            Optional<PropertyPath> path = call.argument().filter(PropertyRef.class::isInstance)
                    .map(argument -> ((PropertyRef) argument).path()).filter(TwinPropertyRows::covers);
            if (path.isEmpty() || call.function() != AggregateFunction.SUM && call.function() != AggregateFunction.AVG) {
                return Optional.empty();
            }
            String alias = "a" + i;
            joins.append(" LEFT JOIN ").append(TABLE).append(' ').append(alias).append(" ON ").append(alias)
                    .append(".device_id = d.device_id AND ").append(alias).append(".path = ?");
            joinParameters.add(path.get().toString());
            select.add("SUM(" + alias + ".num_value)").add("COUNT(" + alias + ".num_value)")
                    .add("COUNT(" + alias + ".device_id)");
            readers.add(new Reader(name, call.function() == AggregateFunction.SUM ? ReaderKind.SUM : ReaderKind.AVG,
                    columnIndex));
            columnIndex += 3;
        }
        List<Object> parameters = new ArrayList<>(joinParameters);
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ").append(TABLE).append(" d")
                .append(joins).append(" WHERE d.path = ?");
        parameters.add(ALWAYS_PRESENT);
        Optional<SqlQuery> candidates = candidateIds(query.plan());
        if (candidates.isPresent()) {
            sql.append(" AND d.device_id IN (").append(candidates.get().sql()).append(')');
            parameters.addAll(candidates.get().parameters());
        }
        if (!groupColumns.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupColumns));
        }
        return Optional.of(new AggregateSql(new SqlQuery(sql.toString(), parameters), readers));
    }

    private static String condition(IndexPredicate predicate, List<Object> parameters) {
        parameters.add(predicate.path().toString());
        String path = "path = ?";
        if (predicate instanceof Equals equals) {
            return path + " AND " + equalTo(equals.value(), parameters);
        }
        if (predicate instanceof In in) {
            StringJoiner any = new StringJoiner(" OR ", "(", ")");
            in.values().forEach(value -> any.add(equalTo(value, parameters)));
            return path + " AND " + any;
        }
        if (predicate instanceof Range range) {
            String column = (range.valueType() == JsonValue.ValueType.STRING ? "str_value" : "num_value");
            StringBuilder sql = new StringBuilder(path);
            range.lower().ifPresent(bound -> sql.append(" AND ").append(column).append(bound.inclusive() ? " >= ?" : " > ?"));
            range.lower().map(Bound::value).ifPresent(value -> parameters.add(parameter(value)));
            range.upper().ifPresent(bound -> sql.append(" AND ").append(column).append(bound.inclusive() ? " <= ?" : " < ?"));
            range.upper().map(Bound::value).ifPresent(value -> parameters.add(parameter(value)));
            return sql.toString();
        }
        Prefix prefix = (Prefix) predicate;
        parameters.add(prefix.prefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        return path + " AND str_value LIKE ? ESCAPE '!'";
    }

    private static String equalTo(JsonValue value, List<Object> parameters) {
        return switch (value.getValueType()) {
            case STRING -> column("str_value = ?", value, parameters);
            case NUMBER -> column("num_value = ?", value, parameters);
            case TRUE, FALSE -> column("bool_value = ?", value, parameters);
            default -> "(str_value IS NULL AND num_value IS NULL AND bool_value IS NULL)";
        };
    }

    private static String column(String sql, JsonValue value, List<Object> parameters) {
        parameters.add(parameter(value));
        return sql;
    }

    private static Object parameter(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> JsonValues.stringOf(value);
            case NUMBER -> JsonValues.doubleOf(value);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("Not a parameter: " + value);
        };
    }

    private enum ReaderKind {
        GROUP_KEY, COUNT, SUM, AVG
    }

    private record Reader(String name, ReaderKind kind, int column) {
    }

    /** Aggregate SQL and how to turn each row the database returns into the query's result row. */
    public static final class AggregateSql {

        private final SqlQuery query;
        private final List<Reader> readers;

        private AggregateSql(SqlQuery query, List<Reader> readers) {
            this.query = query;
            this.readers = List.copyOf(readers);
        }

        public SqlQuery query() {
            return query;
        }

        /**
         * @param columns one row of the result set, in select order (as JPA returns {@code Object[]} from a native
         *        query); numbers may be any {@link Number}, booleans {@link Boolean}
         * @return the row as the query returns it, e.g. {@code {"fw":"2.1","n":42}}
         */
        public JsonObject row(Object[] columns) {
            JsonObjectBuilder row = JSON.createObjectBuilder();
            for (Reader reader : readers) {
                JsonValue value = switch (reader.kind()) {
                    case GROUP_KEY -> groupValue(columns, reader.column());
                    case COUNT -> JsonValues.number(((Number) columns[reader.column()]).longValue());
                    case SUM, AVG -> numeric(columns, reader.column(), reader.kind() == ReaderKind.AVG);
                };
                if (value != null) {
                    row.add(reader.name(), value);
                }
            }
            return row.build();
        }

        private static JsonValue groupValue(Object[] columns, int first) {
            if (((Number) columns[first + 3]).intValue() == 0) {
                return null;
            }
            if (columns[first] != null) {
                return JsonValues.string(columns[first].toString());
            }
            if (columns[first + 1] != null) {
                return JsonValues.number(((Number) columns[first + 1]).doubleValue());
            }
            if (columns[first + 2] != null) {
                return JsonValues.bool((Boolean) columns[first + 2]);
            }
            return JsonValue.NULL;
        }

        private static JsonValue numeric(Object[] columns, int first, boolean average) {
            long numbers = ((Number) columns[first + 1]).longValue();
            long defined = ((Number) columns[first + 2]).longValue();
            if (defined > numbers) {
                return null; // a string, boolean or null among the values
            }
            double sum = columns[first] == null ? 0 : ((Number) columns[first]).doubleValue();
            if (average) {
                return numbers == 0 ? null : JsonValues.number(sum / numbers);
            }
            return JsonValues.number(sum);
        }
    }
}
