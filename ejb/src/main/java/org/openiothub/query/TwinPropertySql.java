package org.openiothub.query;

import java.util.ArrayList;
import java.util.Comparator;
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

/**
 * Translates a {@link QueryPlan} (and, when it is exact, a query's aggregates) to SQL over a property index, so that
 * a selective query over 100,000 twins reads a few index entries instead of every document. Pure: it writes SQL text
 * and parameters; storage owns the table, keeps it in step with the documents and runs the SQL.
 *
 * <h2>The index this SQL expects</h2>
 * <pre>
 * CREATE TABLE twin_property (
 *     device_id  VARCHAR(260)  NOT NULL,  -- the document's key; for module twins e.g. "deviceId/moduleId"
 *     path       VARCHAR(1024) NOT NULL,  -- PropertyPath.toString(), e.g. properties.reported.fw
 *     str_value  VARCHAR(4096),           -- PostgreSQL: COLLATE "C", so ranges and LIKE order ordinally, as queries do
 *     num_value  DOUBLE PRECISION,
 *     bool_value BOOLEAN,                 -- all three NULL: the JSON value null
 *     PRIMARY KEY (device_id, path));
 * CREATE INDEX twin_property_value ON twin_property (path, str_value, num_value, bool_value);
 * CREATE INDEX twin_property_num   ON twin_property (path, num_value);
 * </pre>
 * The rows of a document are exactly {@link TwinPropertyRows#of}, rewritten in the transaction that writes the
 * document. One table per source (devices, modules, jobs), or a source column leading the key and indexes.
 * {@code deviceId} is a row of every document; the aggregate SQL counts documents by it.
 *
 * <h2>Using it</h2>
 * {@link #candidateIds} gives the keys of the documents that pass every index predicate: the most selective-looking
 * predicate scans its index range and each other one is an EXISTS probe on the primary key. Load those documents, keep
 * what {@link TwinQuery#matches} and project. Without index predicates there is no SQL: every document is a
 * candidate. {@link #aggregates} computes the rows of an aggregate query in the database when the whole WHERE is
 * indexed and the aggregates are COUNT, SUM or AVG over paths; otherwise aggregate in memory with
 * {@link TwinQuery#newAggregation()}. Neither applies TOP: use {@code setMaxResults} or cut the list.
 *
 * <h2>Measured</h2>
 * 100,000 twins (1.2 to 2.5 million rows) on a 2-core machine, end to end (SQL, then {@link TwinQuery#matches} and
 * projection of the hits): {@code WHERE tags.building = 'b42' AND properties.reported.fw = '2.1'} (about 200 hits)
 * took 14-35 ms p50 on PostgreSQL 15 and 55-110 ms on H2 2.3; {@code SELECT properties.reported.fw, COUNT() ...
 * GROUP BY properties.reported.fw} took 65-150 ms on PostgreSQL and 150-390 ms on H2. Shapes measured and dropped:
 * an INTERSECT of the scans (110 ms on PostgreSQL, 2.5 s on H2), the LEFT JOIN form for a single-key count (0.6-0.8 s
 * and 4 s), grouping without the covering {@code twin_property_value} index (1.4 s on H2). H2 drives from the
 * predicate it is given first: written the other way round, the selective query took 220 ms on H2, hence the ordering
 * heuristic and {@link #candidateIds(List)} for storage that knows value counts; PostgreSQL reorders by statistics.
 *
 * <p>Known differences from the in-memory {@link Aggregation}, both about objects and arrays, which have no index
 * rows: SQL puts documents whose GROUP BY property is an object in the undefined group (memory groups them by value),
 * and skips such values in SUM and AVG (memory makes the aggregate undefined).
 */
public final class TwinPropertySql {

    public static final String TABLE = "twin_property";

    /** The path present in every document, by which aggregates count documents. */
    private static final String ALWAYS_PRESENT = "deviceId";

    private TwinPropertySql() {
    }

    /**
     * The keys of the documents passing every index predicate of the plan, driven by the predicate that looks most
     * selective: an equality on a string or number, then IN, a prefix, a closed range, other equalities, an open
     * range; ties in query order.
     *
     * @return empty when the plan has no index predicates
     */
    public static Optional<SqlQuery> candidateIds(QueryPlan plan) {
        return candidateIds(plan.indexPredicates().stream()
                .sorted(Comparator.comparingInt(TwinPropertySql::selectivityRank)).toList());
    }

    /**
     * The keys of the documents passing every predicate, scanning for the first and probing for the others, in the
     * order given (for storage that knows better, e.g. from value counts).
     *
     * @return empty when {@code predicates} is
     */
    public static Optional<SqlQuery> candidateIds(List<IndexPredicate> predicates) {
        if (predicates.isEmpty()) {
            return Optional.empty();
        }
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT p0.device_id FROM " + TABLE + " p0 WHERE ")
                .append(condition(predicates.get(0), "p0.", parameters));
        probe(predicates, sql, parameters);
        return Optional.of(new SqlQuery(sql.toString(), parameters));
    }

    /**
     * As {@link #candidateIds(QueryPlan)}, in key order and only keys after {@code afterKey}, so that storage can read
     * the candidates a page at a time ({@code setMaxResults}) and continue where the last page stopped.
     *
     * @param afterKey {@code null} to start with the first key
     * @return empty when the plan has no index predicates
     */
    public static Optional<SqlQuery> candidateIdsAfter(QueryPlan plan, String afterKey) {
        List<IndexPredicate> predicates = plan.indexPredicates().stream()
                .sorted(Comparator.comparingInt(TwinPropertySql::selectivityRank)).toList();
        if (predicates.isEmpty()) {
            return Optional.empty();
        }
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT p0.device_id FROM " + TABLE + " p0 WHERE ")
                .append(condition(predicates.get(0), "p0.", parameters));
        if (afterKey != null) {
            sql.append(" AND p0.device_id > ?");
            parameters.add(afterKey);
        }
        probe(predicates, sql, parameters);
        sql.append(" ORDER BY p0.device_id");
        return Optional.of(new SqlQuery(sql.toString(), parameters));
    }

    /** An EXISTS probe on the primary key for every predicate but the first. */
    private static void probe(List<IndexPredicate> predicates, StringBuilder sql, List<Object> parameters) {
        for (int i = 1; i < predicates.size(); i++) {
            String alias = "p" + i;
            sql.append(" AND EXISTS (SELECT 1 FROM ").append(TABLE).append(' ').append(alias).append(" WHERE ")
                    .append(alias).append(".device_id = p0.device_id AND ")
                    .append(condition(predicates.get(i), alias + ".", parameters)).append(')');
        }
    }

    private static int selectivityRank(IndexPredicate predicate) {
        if (predicate instanceof Equals equals) {
            return JsonValues.isString(equals.value()) || JsonValues.isNumber(equals.value()) ? 0 : 4;
        }
        if (predicate instanceof In) {
            return 1;
        }
        if (predicate instanceof Prefix) {
            return 2;
        }
        Range range = (Range) predicate;
        return range.lower().isPresent() && range.upper().isPresent() ? 3 : 5;
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
        boolean countsOnly = query.query().projections().stream().allMatch(projection ->
                projection.expression() instanceof PropertyRef
                        || ((AggregateCall) projection.expression()).function() == AggregateFunction.COUNT);
        if (countsOnly && query.groupBy().size() <= 1) {
            return Optional.of(counts(query));
        }
        return general(query);
    }

    /**
     * COUNT() by at most one key, read from the value index alone: a grouped count of the key's rows, plus the
     * documents without the key as all documents minus those with it.
     */
    private static AggregateSql counts(TwinQuery query) {
        Optional<SqlQuery> candidates = candidateIds(query.plan());
        List<Object> parameters = new ArrayList<>();
        List<Reader> readers = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (query.groupBy().isEmpty()) {
            sql.append("SELECT ").append(countOf(ALWAYS_PRESENT, candidates, parameters));
            query.columnNames().forEach(name -> readers.add(new Reader(name, ReaderKind.COUNT, 0)));
            return new AggregateSql(new SqlQuery(sql.toString(), parameters), readers, false);
        }
        String key = query.groupBy().get(0).toString();
        sql.append("SELECT str_value, num_value, bool_value, 1, COUNT(*) FROM ").append(TABLE).append(" WHERE path = ?");
        parameters.add(key);
        restrict(sql, "device_id", candidates, parameters);
        sql.append(" GROUP BY str_value, num_value, bool_value UNION ALL SELECT NULL, NULL, NULL, 0, ")
                .append(countOf(ALWAYS_PRESENT, candidates, parameters)).append(" - ")
                .append(countOf(key, candidates, parameters));
        List<Query.Projection> projections = query.query().projections();
        for (int i = 0; i < projections.size(); i++) {
            boolean isKey = projections.get(i).expression() instanceof PropertyRef;
            readers.add(new Reader(query.columnNames().get(i), isKey ? ReaderKind.GROUP_KEY : ReaderKind.COUNT, isKey ? 0 : 4));
        }
        return new AggregateSql(new SqlQuery(sql.toString(), parameters), readers, true);
    }

    private static String countOf(String path, Optional<SqlQuery> candidates, List<Object> parameters) {
        StringBuilder sql = new StringBuilder("(SELECT COUNT(*) FROM " + TABLE + " WHERE path = ?");
        parameters.add(path);
        restrict(sql, "device_id", candidates, parameters);
        return sql.append(')').toString();
    }

    private static void restrict(StringBuilder sql, String column, Optional<SqlQuery> candidates, List<Object> parameters) {
        if (candidates.isPresent()) {
            sql.append(" AND ").append(column).append(" IN (").append(candidates.get().sql()).append(')');
            parameters.addAll(candidates.get().parameters());
        }
    }

    /** Any number of keys, SUM and AVG: one row per document, joined to its key and argument rows, then grouped. */
    private static Optional<AggregateSql> general(TwinQuery query) {
        List<Object> parameters = new ArrayList<>();
        StringJoiner select = new StringJoiner(", ");
        StringBuilder joins = new StringBuilder();
        List<String> groupColumns = new ArrayList<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            String alias = "g" + i;
            joins.append(join(alias, query.groupBy().get(i), parameters));
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
            joins.append(join(alias, path.get(), parameters));
            select.add("SUM(" + alias + ".num_value)").add("COUNT(" + alias + ".num_value)")
                    .add("COUNT(" + alias + ".device_id)");
            readers.add(new Reader(name, call.function() == AggregateFunction.SUM ? ReaderKind.SUM : ReaderKind.AVG,
                    columnIndex));
            columnIndex += 3;
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ").append(TABLE).append(" d")
                .append(joins).append(" WHERE d.path = ?");
        parameters.add(ALWAYS_PRESENT);
        restrict(sql, "d.device_id", candidateIds(query.plan()), parameters);
        if (!groupColumns.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupColumns));
        }
        return Optional.of(new AggregateSql(new SqlQuery(sql.toString(), parameters), readers, false));
    }

    private static String join(String alias, PropertyPath path, List<Object> parameters) {
        parameters.add(path.toString());
        return " LEFT JOIN " + TABLE + " " + alias + " ON " + alias + ".device_id = d.device_id AND " + alias + ".path = ?";
    }

    private static String condition(IndexPredicate predicate, String alias, List<Object> parameters) {
        parameters.add(predicate.path().toString());
        String path = alias + "path = ?";
        if (predicate instanceof Equals equals) {
            return path + " AND " + equalTo(alias, equals.value(), parameters);
        }
        if (predicate instanceof In in) {
            StringJoiner any = new StringJoiner(" OR ", "(", ")");
            in.values().forEach(value -> any.add(equalTo(alias, value, parameters)));
            return path + " AND " + any;
        }
        if (predicate instanceof Range range) {
            String column = alias + (range.valueType() == JsonValue.ValueType.STRING ? "str_value" : "num_value");
            StringBuilder sql = new StringBuilder(path);
            range.lower().ifPresent(bound -> sql.append(" AND ").append(column).append(bound.inclusive() ? " >= ?" : " > ?"));
            range.lower().map(Bound::value).ifPresent(value -> parameters.add(parameter(value)));
            range.upper().ifPresent(bound -> sql.append(" AND ").append(column).append(bound.inclusive() ? " <= ?" : " < ?"));
            range.upper().map(Bound::value).ifPresent(value -> parameters.add(parameter(value)));
            return sql.toString();
        }
        Prefix prefix = (Prefix) predicate;
        parameters.add(prefix.prefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        return path + " AND " + alias + "str_value LIKE ? ESCAPE '!'";
    }

    private static String equalTo(String alias, JsonValue value, List<Object> parameters) {
        return switch (value.getValueType()) {
            case STRING -> column(alias + "str_value = ?", value, parameters);
            case NUMBER -> column(alias + "num_value = ?", value, parameters);
            case TRUE, FALSE -> column(alias + "bool_value = ?", value, parameters);
            default -> "(" + alias + "str_value IS NULL AND " + alias + "num_value IS NULL AND " + alias
                    + "bool_value IS NULL)";
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

    /** Aggregate SQL and how to turn what the database returns into the query's result rows. */
    public static final class AggregateSql {

        private final SqlQuery query;
        private final List<Reader> readers;
        private final boolean undefinedGroupMayBeEmpty;

        private AggregateSql(SqlQuery query, List<Reader> readers, boolean undefinedGroupMayBeEmpty) {
            this.query = query;
            this.readers = List.copyOf(readers);
            this.undefinedGroupMayBeEmpty = undefinedGroupMayBeEmpty;
        }

        public SqlQuery query() {
            return query;
        }

        /**
         * @param resultRows the result set in select order: {@code Object[]} per row, or the bare value when there is
         *        one column (as JPA's {@code getResultList()} of a native query gives them); numbers may be any
         *        {@link Number}, booleans {@link Boolean}
         * @return the rows as the query returns them, e.g. {@code {"fw":"2.1","n":42}}
         */
        public List<JsonObject> rows(List<?> resultRows) {
            List<JsonObject> rows = new ArrayList<>();
            for (Object resultRow : resultRows) {
                Object[] columns = resultRow instanceof Object[] array ? array : new Object[] {resultRow};
                if (undefinedGroupMayBeEmpty && ((Number) columns[3]).intValue() == 0
                        && ((Number) columns[4]).longValue() == 0) {
                    continue; // every document has the key: there is no undefined group
                }
                rows.add(row(columns));
            }
            return rows;
        }

        private JsonObject row(Object[] columns) {
            JsonObjectBuilder row = JsonValues.objectBuilder();
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
