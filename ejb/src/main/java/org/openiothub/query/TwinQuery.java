package org.openiothub.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.openiothub.query.Expression.AggregateCall;
import org.openiothub.query.Expression.Binary;
import org.openiothub.query.Expression.FunctionCall;
import org.openiothub.query.Expression.InList;
import org.openiothub.query.Expression.Literal;
import org.openiothub.query.Expression.PropertyRef;
import org.openiothub.query.Expression.Unary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * A query over {@code devices}, {@code devices.modules} or {@code devices.jobs}, checked and ready to run. Immutable
 * and thread-safe; compile once per request (or cache by text).
 *
 * <p>How storage runs it:
 * <ol>
 * <li>{@link #plan()}: find candidates with the {@link IndexPredicate}s (e.g. SQL from
 * {@link TwinPropertySql#candidateIds}); no predicates means every document is a candidate.</li>
 * <li>Keep the candidates that {@link #matches} (cheap; needed whenever the plan has a residual).</li>
 * <li>Without aggregates, {@link #project} each (SELECT * gives the document itself); with aggregates, feed them to
 * {@link #newAggregation()} (or, when the plan is exact, let {@link TwinPropertySql#aggregates} do it in SQL).</li>
 * <li>Stop after {@link #top()} results, then page them for {@code x-ms-max-item-count}.</li>
 * </ol>
 * {@link #execute} does all of this in memory over a given collection.
 *
 * <p>Property names are resolved for the source first: {@code devices.jobs.jobId} is {@code jobId}, and top-level
 * fields match without regard to case ({@code SELECT DeviceId} returns {@code deviceId}, as IoT Hub does).
 */
public final class TwinQuery {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final Query query;
    private final CompiledExpression where;
    private final List<OutputColumn> columns;
    private final List<PropertyPath> groupBy;
    private final boolean aggregate;
    private final QueryPlan plan;

    private TwinQuery(Query query, CompiledExpression where, List<OutputColumn> columns, boolean aggregate,
            QueryPlan plan) {
        this.query = query;
        this.where = where;
        this.columns = List.copyOf(columns);
        this.groupBy = query.groupBy().stream().map(PropertyRef::path).toList();
        this.aggregate = aggregate;
        this.plan = plan;
    }

    /** Compiles with the functions IoT Hub allows in twin and job queries ({@link FunctionRegistry#twinQueries()}). */
    public static TwinQuery compile(String text) {
        return compile(text, FunctionRegistry.twinQueries());
    }

    /**
     * @throws QuerySyntaxException when the text breaks the grammar
     * @throws InvalidQueryException when it is too long, calls a function {@code functions} does not offer, puts an
     *         aggregate outside the SELECT list, projects something that is neither aggregated nor grouped, repeats
     *         an output name, or projects or groups on {@code devices.jobs}
     */
    public static TwinQuery compile(String text, FunctionRegistry functions) {
        Query query = canonical(QueryParser.parseQuery(text));
        ExpressionCompiler compiler = new ExpressionCompiler(functions, text);
        boolean aggregate = !query.groupBy().isEmpty()
                || query.projections().stream().anyMatch(p -> p.expression() instanceof AggregateCall);
        if (!query.source().allowsProjections() && (!query.selectsAll() || !query.groupBy().isEmpty())) {
            int position = query.selectsAll() ? query.groupBy().get(0).position() : query.projections().get(0).position();
            throw InvalidQueryException.at(text, position,
                    "Queries on " + query.source().text() + " support only SELECT * without GROUP BY");
        }
        if (query.selectsAll() && aggregate) {
            throw InvalidQueryException.at(text, query.groupBy().get(0).position(),
                    "SELECT * cannot be combined with GROUP BY; select the grouped properties and aggregates");
        }
        List<OutputColumn> columns = columns(query, compiler, aggregate);
        CompiledExpression where = query.where().map(compiler::compile).orElse(null);
        QueryPlan plan = new QueryPlanner(functions, TwinPropertyRows::covers).plan(query.where());
        return new TwinQuery(query, where, columns, aggregate, plan);
    }

    private static List<OutputColumn> columns(Query query, ExpressionCompiler compiler, boolean aggregate) {
        List<OutputColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int unnamed = 0;
        for (Query.Projection projection : query.projections()) {
            Expression expression = projection.expression();
            String name = projection.alias().orElse(null);
            if (name == null) {
                name = expression instanceof PropertyRef ref ? ref.path().last() : "$" + ++unnamed;
            }
            if (!names.add(name)) {
                throw InvalidQueryException.at(query.text(), projection.position(),
                        "The output name '" + name + "' is used twice; give one of them an alias with AS");
            }
            if (expression instanceof AggregateCall call) {
                columns.add(OutputColumn.aggregate(name, call.function(), call.argument().map(compiler::compile)));
            } else if (aggregate) {
                int key = groupKeyIndex(query, expression);
                if (key < 0) {
                    throw InvalidQueryException.at(query.text(), projection.position(), "'"
                            + ExpressionPrinter.print(expression)
                            + "' must be an aggregate or a property listed in GROUP BY");
                }
                columns.add(OutputColumn.groupKey(name, key));
            } else {
                columns.add(OutputColumn.value(name, compiler.compile(expression)));
            }
        }
        return columns;
    }

    private static int groupKeyIndex(Query query, Expression expression) {
        if (expression instanceof PropertyRef ref) {
            for (int i = 0; i < query.groupBy().size(); i++) {
                if (query.groupBy().get(i).path().equals(ref.path())) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The parsed query with every property path resolved for its source. */
    public Query query() {
        return query;
    }

    public QuerySource source() {
        return query.source();
    }

    /** TOP n: at most this many results (documents or rows). */
    public OptionalInt top() {
        return query.top();
    }

    /** SELECT *: results are the documents themselves. */
    public boolean selectsAll() {
        return query.selectsAll();
    }

    /** Whether results are rows of aggregates (COUNT, SUM, AVG, MIN, MAX and/or GROUP BY) rather than one per document. */
    public boolean isAggregate() {
        return aggregate;
    }

    /** The output keys of projecting queries, in order; empty for SELECT *. */
    public List<String> columnNames() {
        return columns.stream().map(OutputColumn::name).toList();
    }

    /** The GROUP BY paths, resolved for the source. */
    public List<PropertyPath> groupBy() {
        return groupBy;
    }

    /** What an index can answer of the WHERE condition, and what remains. */
    public QueryPlan plan() {
        return plan;
    }

    /** Whether the document passes the whole WHERE condition (always, without one). */
    public boolean matches(JsonObject document) {
        return where == null || where.test(PropertySource.of(document));
    }

    /**
     * The result for one matching document: the document itself for SELECT *, otherwise an object with one key per
     * projection, leaving out those whose value is undefined.
     *
     * @throws IllegalStateException for aggregate queries, which produce rows through {@link #newAggregation()}
     */
    public JsonObject project(JsonObject document) {
        if (aggregate) {
            throw new IllegalStateException("An aggregate query produces rows through newAggregation()");
        }
        if (query.selectsAll()) {
            return document;
        }
        PropertySource properties = PropertySource.of(document);
        JsonObjectBuilder result = JSON.createObjectBuilder();
        for (OutputColumn column : columns) {
            JsonValue value = column.value().evaluate(properties);
            if (value != null) {
                result.add(column.name(), value);
            }
        }
        return result.build();
    }

    /** @throws IllegalStateException unless {@link #isAggregate()} */
    public Aggregation newAggregation() {
        if (!aggregate) {
            throw new IllegalStateException("Only aggregate queries produce grouped rows");
        }
        return new Aggregation(groupBy, columns);
    }

    /** Runs the whole query in memory: filter, project or aggregate, TOP. */
    public List<JsonObject> execute(Iterable<JsonObject> documents) {
        int limit = query.top().orElse(Integer.MAX_VALUE);
        List<JsonObject> results = new ArrayList<>();
        if (aggregate) {
            Aggregation aggregation = newAggregation();
            for (JsonObject document : documents) {
                if (matches(document)) {
                    aggregation.add(document);
                }
            }
            List<JsonObject> rows = aggregation.rows();
            return List.copyOf(rows.subList(0, Math.min(limit, rows.size())));
        }
        for (JsonObject document : documents) {
            if (results.size() >= limit) {
                break;
            }
            if (matches(document)) {
                results.add(project(document));
            }
        }
        return List.copyOf(results);
    }

    @Override
    public String toString() {
        return ExpressionPrinter.print(query);
    }

    private static Query canonical(Query query) {
        QuerySource source = query.source();
        List<Query.Projection> projections = query.projections().stream()
                .map(p -> new Query.Projection(canonical(p.expression(), source), p.alias(), p.position())).toList();
        Query.Selection selection = query.selectsAll() ? query.selection() : new Query.Projections(projections);
        return new Query(query.text(), query.top(), selection, source,
                query.where().map(where -> canonical(where, source)),
                query.groupBy().stream().map(ref -> (PropertyRef) canonical(ref, source)).toList());
    }

    private static Expression canonical(Expression expression, QuerySource source) {
        if (expression instanceof PropertyRef ref) {
            return new PropertyRef(source.canonical(ref.path()), ref.position());
        }
        if (expression instanceof FunctionCall call) {
            return new FunctionCall(call.name(), call.arguments().stream().map(a -> canonical(a, source)).toList(),
                    call.position());
        }
        if (expression instanceof AggregateCall call) {
            return new AggregateCall(call.function(), call.argument().map(a -> canonical(a, source)), call.position());
        }
        if (expression instanceof Unary unary) {
            return new Unary(unary.operator(), canonical(unary.operand(), source));
        }
        if (expression instanceof Binary binary) {
            return new Binary(binary.operator(), canonical(binary.left(), source), canonical(binary.right(), source));
        }
        if (expression instanceof InList in) {
            return new InList(canonical(in.operand(), source),
                    in.values().stream().map(v -> canonical(v, source)).toList(), in.negated());
        }
        return (Literal) expression;
    }
}
