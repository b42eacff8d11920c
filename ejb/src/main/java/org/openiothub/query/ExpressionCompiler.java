package org.openiothub.query;

import static org.openiothub.query.JsonValues.bool;
import static org.openiothub.query.JsonValues.isFalse;
import static org.openiothub.query.JsonValues.isNumber;
import static org.openiothub.query.JsonValues.isTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

import org.openiothub.query.Expression.AggregateCall;
import org.openiothub.query.Expression.Binary;
import org.openiothub.query.Expression.FunctionCall;
import org.openiothub.query.Expression.InList;
import org.openiothub.query.Expression.Literal;
import org.openiothub.query.Expression.PropertyRef;
import org.openiothub.query.Expression.Unary;

import jakarta.json.JsonValue;

/**
 * Turns an {@link Expression} into a {@link CompiledExpression}, refusing functions the context's
 * {@link FunctionRegistry} does not offer, calls with the wrong number of arguments and aggregates outside a SELECT
 * list. Evaluation follows IoT Hub (Cosmos DB SQL): undefined propagates through operators and functions; AND, OR and
 * NOT are three-valued (false AND undefined is false, true OR undefined is true, NOT undefined is undefined);
 * comparisons and arithmetic between mismatched types, objects or arrays are undefined, never an error; division by
 * zero is undefined.
 */
public final class ExpressionCompiler {

    private final FunctionRegistry functions;
    private final String text;

    /** @param text the query or condition the expressions come from, to place error messages */
    ExpressionCompiler(FunctionRegistry functions, String text) {
        this.functions = functions;
        this.text = text;
    }

    /**
     * Parses and compiles a routing or job condition.
     *
     * @throws InvalidQueryException for bad syntax ({@link QuerySyntaxException}), unknown functions or aggregates
     */
    public static CompiledExpression compileCondition(String text, FunctionRegistry functions) {
        return new ExpressionCompiler(functions, text).compile(QueryParser.parseCondition(text));
    }

    CompiledExpression compile(Expression expression) {
        if (expression instanceof Literal literal) {
            JsonValue value = literal.value();
            return properties -> value;
        }
        if (expression instanceof PropertyRef ref) {
            PropertyPath path = ref.path();
            return properties -> properties.resolve(path);
        }
        if (expression instanceof FunctionCall call) {
            return function(call);
        }
        if (expression instanceof AggregateCall call) {
            throw InvalidQueryException.at(text, call.position(),
                    "The aggregate " + call.function() + "() is allowed only as an item of the SELECT list");
        }
        if (expression instanceof Unary unary) {
            return unary(unary);
        }
        if (expression instanceof Binary binary) {
            return binary(binary);
        }
        return in((InList) expression);
    }

    private CompiledExpression function(FunctionCall call) {
        QueryFunction function = functions.find(call.name()).orElseThrow(() -> InvalidQueryException.at(text,
                call.position(), "The function " + call.name() + " is not supported here (supported: "
                        + String.join(", ", functions.names()) + ")"));
        if (!function.accepts(call.arguments().size())) {
            throw InvalidQueryException.at(text, call.position(), "The function " + function.name() + " takes "
                    + function.describeArity() + " argument(s) but was given " + call.arguments().size());
        }
        CompiledExpression[] arguments = call.arguments().stream().map(this::compile).toArray(CompiledExpression[]::new);
        QueryFunction.Body body = function.body();
        return properties -> {
            JsonValue[] values = new JsonValue[arguments.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments[i].evaluate(properties);
            }
            return body.apply(Arrays.asList(values));
        };
    }

    private CompiledExpression unary(Unary unary) {
        CompiledExpression operand = compile(unary.operand());
        return switch (unary.operator()) {
            case NOT -> properties -> {
                JsonValue value = operand.evaluate(properties);
                return isTrue(value) ? JsonValue.FALSE : isFalse(value) ? JsonValue.TRUE : null;
            };
            case NEGATE -> properties -> {
                JsonValue value = operand.evaluate(properties);
                return isNumber(value) ? JsonValues.number(-JsonValues.doubleOf(value)) : null;
            };
            case PLUS -> properties -> {
                JsonValue value = operand.evaluate(properties);
                return isNumber(value) ? value : null;
            };
        };
    }

    private CompiledExpression binary(Binary binary) {
        CompiledExpression left = compile(binary.left());
        CompiledExpression right = compile(binary.right());
        return switch (binary.operator()) {
            case AND -> properties -> {
                JsonValue l = left.evaluate(properties);
                if (isFalse(l)) {
                    return JsonValue.FALSE;
                }
                JsonValue r = right.evaluate(properties);
                return isFalse(r) ? JsonValue.FALSE : isTrue(l) && isTrue(r) ? JsonValue.TRUE : null;
            };
            case OR -> properties -> {
                JsonValue l = left.evaluate(properties);
                if (isTrue(l)) {
                    return JsonValue.TRUE;
                }
                JsonValue r = right.evaluate(properties);
                return isTrue(r) ? JsonValue.TRUE : isFalse(l) && isFalse(r) ? JsonValue.FALSE : null;
            };
            case EQUAL -> comparison(left, right, order -> order == 0);
            case NOT_EQUAL -> comparison(left, right, order -> order != 0);
            case LESS -> comparison(left, right, order -> order < 0);
            case LESS_OR_EQUAL -> comparison(left, right, order -> order <= 0);
            case GREATER -> comparison(left, right, order -> order > 0);
            case GREATER_OR_EQUAL -> comparison(left, right, order -> order >= 0);
            case ADD -> arithmetic(left, right, (a, b) -> a + b);
            case SUBTRACT -> arithmetic(left, right, (a, b) -> a - b);
            case MULTIPLY -> arithmetic(left, right, (a, b) -> a * b);
            case DIVIDE -> arithmetic(left, right, (a, b) -> b == 0 ? Double.NaN : a / b);
            case MODULO -> arithmetic(left, right, (a, b) -> b == 0 ? Double.NaN : a % b);
        };
    }

    private interface OrderTest {
        boolean test(int order);
    }

    private static CompiledExpression comparison(CompiledExpression left, CompiledExpression right, OrderTest test) {
        return properties -> {
            Integer order = JsonValues.compare(left.evaluate(properties), right.evaluate(properties));
            return order == null ? null : bool(test.test(order));
        };
    }

    private static CompiledExpression arithmetic(CompiledExpression left, CompiledExpression right,
            DoubleBinaryOperator operator) {
        return properties -> {
            JsonValue l = left.evaluate(properties);
            if (!isNumber(l)) {
                return null;
            }
            JsonValue r = right.evaluate(properties);
            if (!isNumber(r)) {
                return null;
            }
            // NaN (division by zero) and overflow to infinity come back undefined.
            return JsonValues.number(operator.applyAsDouble(JsonValues.doubleOf(l), JsonValues.doubleOf(r)));
        };
    }

    private CompiledExpression in(InList in) {
        CompiledExpression operand = compile(in.operand());
        List<CompiledExpression> values = in.values().stream().map(this::compile).toList();
        boolean negated = in.negated();
        return properties -> {
            JsonValue value = operand.evaluate(properties);
            if (!JsonValues.isPrimitive(value)) {
                return null;
            }
            for (CompiledExpression candidate : values) {
                if (JsonValues.sameValue(value, candidate.evaluate(properties))) {
                    return bool(!negated);
                }
            }
            return bool(negated);
        };
    }
}
