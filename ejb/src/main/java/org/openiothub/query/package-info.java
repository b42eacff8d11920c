/**
 * The IoT Hub query language: one parser and evaluator for twin, module and job queries ({@code POST /devices/query})
 * and, later, message-routing conditions.
 *
 * <ul>
 * <li>{@link org.openiothub.query.QueryParser} turns text into an immutable AST ({@link org.openiothub.query.Query},
 * {@link org.openiothub.query.Expression}); syntax errors are {@link org.openiothub.query.QuerySyntaxException}s
 * with the position, what was expected and what was found.</li>
 * <li>{@link org.openiothub.query.TwinQuery} checks a query against a {@link org.openiothub.query.FunctionRegistry}
 * and runs it over JSON documents: WHERE, projections, TOP, aggregates and GROUP BY.</li>
 * <li>{@link org.openiothub.query.ExpressionCompiler#compileCondition} does the same for a lone condition evaluated
 * against any {@link org.openiothub.query.PropertySource} (a routed message: {@code $body}, {@code $twin}, system and
 * application properties).</li>
 * <li>{@link org.openiothub.query.QueryPlan} splits a WHERE into {@link org.openiothub.query.IndexPredicate}s and a
 * residual; {@link org.openiothub.query.TwinPropertySql} turns it into SQL over the property index whose rows
 * {@link org.openiothub.query.TwinPropertyRows} defines.</li>
 * </ul>
 *
 * Semantics follow IoT Hub (Cosmos DB SQL): Java {@code null} stands for {@code undefined}; comparing with undefined or
 * across types is undefined, and only Boolean {@code true} satisfies a condition. Every refusal is an
 * {@link org.openiothub.query.InvalidQueryException}, which is IoT Hub's 400 {@code ArgumentInvalid}.
 */
package org.openiothub.query;
