package org.openiothub.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.openiothub.query.Expression.Binary;
import org.openiothub.query.Expression.FunctionCall;
import org.openiothub.query.Expression.InList;
import org.openiothub.query.Expression.Literal;
import org.openiothub.query.Expression.PropertyRef;
import org.openiothub.query.IndexPredicate.Bound;
import org.openiothub.query.IndexPredicate.Equals;
import org.openiothub.query.IndexPredicate.In;
import org.openiothub.query.IndexPredicate.Prefix;
import org.openiothub.query.IndexPredicate.Range;

import jakarta.json.JsonValue;

/**
 * Splits a WHERE condition into {@link IndexPredicate}s and a residual ({@link QueryPlan}). Only top-level conjuncts
 * are considered, and only those whose truth an index decides exactly:
 * <ul>
 * <li>{@code path = literal} (either side), with a string, number, boolean or null literal;</li>
 * <li>{@code path < <= > >= literal} with a string or number literal; ranges on one path and type merge;</li>
 * <li>{@code path IN [literals]}, and ORs of such equalities and INs on one path;</li>
 * <li>{@code STARTSWITH(path, 'literal')} when STARTSWITH is the built-in one.</li>
 * </ul>
 * {@code !=}, NIN and NOT stay residual: they also hold for values of other types, which a value index cannot list.
 * Paths the index does not hold (see {@link TwinPropertyRows#covers}) stay residual too.
 */
public final class QueryPlanner {

    private final FunctionRegistry functions;
    private final Predicate<PropertyPath> indexed;

    /**
     * @param functions the registry the condition was compiled with (a replaced STARTSWITH is not planned)
     * @param indexed which paths the index holds
     */
    public QueryPlanner(FunctionRegistry functions, Predicate<PropertyPath> indexed) {
        this.functions = functions;
        this.indexed = indexed;
    }

    public QueryPlan plan(Optional<Expression> where) {
        if (where.isEmpty()) {
            return QueryPlan.unrestricted();
        }
        List<Expression> conjuncts = new ArrayList<>();
        flattenAnd(where.get(), conjuncts);
        List<IndexPredicate> predicates = new ArrayList<>();
        Expression residual = null;
        for (Expression conjunct : conjuncts) {
            Optional<IndexPredicate> predicate = sargable(conjunct);
            if (predicate.isPresent()) {
                predicates.add(predicate.get());
            } else {
                residual = residual == null ? conjunct : new Binary(Binary.Operator.AND, residual, conjunct);
            }
        }
        return new QueryPlan(mergeRanges(predicates), Optional.ofNullable(residual));
    }

    private static void flattenAnd(Expression expression, List<Expression> into) {
        if (expression instanceof Binary binary && binary.operator() == Binary.Operator.AND) {
            flattenAnd(binary.left(), into);
            flattenAnd(binary.right(), into);
        } else {
            into.add(expression);
        }
    }

    private Optional<IndexPredicate> sargable(Expression expression) {
        if (expression instanceof Binary binary) {
            if (binary.operator() == Binary.Operator.OR) {
                return disjunction(binary);
            }
            if (binary.operator().isComparison()) {
                return comparison(binary);
            }
        } else if (expression instanceof InList in && !in.negated()) {
            return membership(in);
        } else if (expression instanceof FunctionCall call) {
            return prefix(call);
        }
        return Optional.empty();
    }

    private Optional<IndexPredicate> comparison(Binary binary) {
        Binary.Operator operator = binary.operator();
        PropertyPath path;
        JsonValue value;
        if (indexedPath(binary.left()) != null && primitive(binary.right()) != null) {
            path = indexedPath(binary.left());
            value = primitive(binary.right());
        } else if (indexedPath(binary.right()) != null && primitive(binary.left()) != null) {
            path = indexedPath(binary.right());
            value = primitive(binary.left());
            operator = operator.mirrored();
        } else {
            return Optional.empty();
        }
        boolean orderable = JsonValues.isString(value) || JsonValues.isNumber(value);
        return switch (operator) {
            case EQUAL -> Optional.of(new Equals(path, value));
            case LESS, LESS_OR_EQUAL -> orderable ? Optional.of(new Range(path, Optional.empty(),
                    Optional.of(new Bound(value, operator == Binary.Operator.LESS_OR_EQUAL)))) : Optional.empty();
            case GREATER, GREATER_OR_EQUAL -> orderable ? Optional.of(new Range(path,
                    Optional.of(new Bound(value, operator == Binary.Operator.GREATER_OR_EQUAL)), Optional.empty()))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    private Optional<IndexPredicate> membership(InList in) {
        PropertyPath path = indexedPath(in.operand());
        if (path == null) {
            return Optional.empty();
        }
        List<JsonValue> values = new ArrayList<>();
        for (Expression candidate : in.values()) {
            if (candidate instanceof Literal literal && literal.isUndefined()) {
                continue; // never equal to anything
            }
            JsonValue value = primitive(candidate);
            if (value == null) {
                return Optional.empty();
            }
            if (values.stream().noneMatch(known -> JsonValues.sameValue(known, value))) {
                values.add(value);
            }
        }
        return equalities(path, values);
    }

    /** {@code a = 1 OR a = 2 OR a IN [3]} on one path is {@code a IN [1, 2, 3]}. */
    private Optional<IndexPredicate> disjunction(Binary or) {
        List<Expression> disjuncts = new ArrayList<>();
        flattenOr(or, disjuncts);
        PropertyPath path = null;
        List<JsonValue> values = new ArrayList<>();
        for (Expression disjunct : disjuncts) {
            Optional<IndexPredicate> predicate = sargable(disjunct);
            if (predicate.isEmpty() || path != null && !predicate.get().path().equals(path)) {
                return Optional.empty();
            }
            path = predicate.get().path();
            List<JsonValue> more;
            if (predicate.get() instanceof Equals equals) {
                more = List.of(equals.value());
            } else if (predicate.get() instanceof In in) {
                more = in.values();
            } else {
                return Optional.empty();
            }
            for (JsonValue value : more) {
                if (values.stream().noneMatch(known -> JsonValues.sameValue(known, value))) {
                    values.add(value);
                }
            }
        }
        return equalities(path, values);
    }

    private static void flattenOr(Expression expression, List<Expression> into) {
        if (expression instanceof Binary binary && binary.operator() == Binary.Operator.OR) {
            flattenOr(binary.left(), into);
            flattenOr(binary.right(), into);
        } else {
            into.add(expression);
        }
    }

    private static Optional<IndexPredicate> equalities(PropertyPath path, List<JsonValue> values) {
        return switch (values.size()) {
            case 0 -> Optional.empty(); // matches nothing; left to the evaluator rather than to an empty SQL IN
            case 1 -> Optional.of(new Equals(path, values.get(0)));
            default -> Optional.of(new In(path, values));
        };
    }

    private Optional<IndexPredicate> prefix(FunctionCall call) {
        boolean builtIn = functions.find(call.name()).filter(f -> f == BuiltInFunctions.STARTSWITH).isPresent();
        if (!builtIn || call.arguments().size() != 2) {
            return Optional.empty();
        }
        PropertyPath path = indexedPath(call.arguments().get(0));
        JsonValue value = primitive(call.arguments().get(1));
        if (path == null || !JsonValues.isString(value)) {
            return Optional.empty();
        }
        return Optional.of(new Prefix(path, JsonValues.stringOf(value)));
    }

    private PropertyPath indexedPath(Expression expression) {
        return expression instanceof PropertyRef ref && indexed.test(ref.path()) ? ref.path() : null;
    }

    private static JsonValue primitive(Expression expression) {
        return expression instanceof Literal literal && JsonValues.isPrimitive(literal.value()) ? literal.value() : null;
    }

    /** {@code x >= 1 AND x < 5} becomes one range; bounds of different types stay apart (together they match nothing). */
    private static List<IndexPredicate> mergeRanges(List<IndexPredicate> predicates) {
        Map<Object, Range> ranges = new LinkedHashMap<>();
        List<IndexPredicate> merged = new ArrayList<>();
        for (IndexPredicate predicate : predicates) {
            if (predicate instanceof Range range) {
                Object key = List.of(range.path(), range.valueType());
                Range known = ranges.get(key);
                if (known == null) {
                    ranges.put(key, range);
                    merged.add(range);
                } else {
                    Range tighter = new Range(range.path(), tighter(known.lower(), range.lower(), 1),
                            tighter(known.upper(), range.upper(), -1));
                    ranges.put(key, tighter);
                    merged.set(merged.indexOf(known), tighter);
                }
            } else {
                merged.add(predicate);
            }
        }
        return merged;
    }

    /** @param direction 1 keeps the greater bound (lower ends), -1 the lesser (upper ends) */
    private static Optional<Bound> tighter(Optional<Bound> a, Optional<Bound> b, int direction) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        int order = JsonValues.compare(a.get().value(), b.get().value()) * direction;
        if (order != 0) {
            return order > 0 ? a : b;
        }
        return a.get().inclusive() ? b : a;
    }
}
