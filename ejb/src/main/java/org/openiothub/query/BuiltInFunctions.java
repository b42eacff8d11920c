package org.openiothub.query;

import static org.openiothub.query.JsonValues.bool;
import static org.openiothub.query.JsonValues.doubleOf;
import static org.openiothub.query.JsonValues.isNumber;
import static org.openiothub.query.JsonValues.isString;
import static org.openiothub.query.JsonValues.number;
import static org.openiothub.query.JsonValues.stringOf;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.json.JsonValue;

/**
 * The functions IoT Hub documents for queries and routing conditions, with Cosmos DB SQL's rules: an argument of the
 * wrong type or an undefined one makes the result undefined (type checks and IS_DEFINED excepted), and a result that
 * is not a finite number is undefined. Strings are measured and indexed in UTF-16 code units, as IoT Hub does.
 */
final class BuiltInFunctions {

    static final QueryFunction IS_DEFINED = QueryFunction.of("IS_DEFINED", 1, args -> bool(args.get(0) != null));

    static final QueryFunction STARTSWITH = stringTest("STARTSWITH", String::startsWith);
    static final QueryFunction ENDSWITH = stringTest("ENDSWITH", String::endsWith);

    /** Twin and job queries: IS_DEFINED as documented, and the prefix/suffix tests IoT Hub accepts there too. */
    static final List<QueryFunction> TWIN_QUERY = List.of(IS_DEFINED, STARTSWITH, ENDSWITH);

    static final List<QueryFunction> TYPE_CHECKS = List.of(
            IS_DEFINED,
            typeCheck("IS_NULL", value -> value.getValueType() == JsonValue.ValueType.NULL),
            typeCheck("IS_BOOL", JsonValues::isBoolean),
            typeCheck("IS_NUMBER", JsonValues::isNumber),
            typeCheck("IS_STRING", JsonValues::isString),
            typeCheck("IS_OBJECT", value -> value.getValueType() == JsonValue.ValueType.OBJECT),
            typeCheck("IS_ARRAY", value -> value.getValueType() == JsonValue.ValueType.ARRAY),
            typeCheck("IS_PRIMITIVE", JsonValues::isPrimitive),
            QueryFunction.of("AS_NUMBER", 1, args -> asNumber(args.get(0))));

    static final List<QueryFunction> STRINGS = List.of(
            STARTSWITH,
            ENDSWITH,
            stringTest("CONTAINS", String::contains),
            stringFunction("LOWER", s -> JsonValues.string(s.toLowerCase(Locale.ROOT))),
            stringFunction("UPPER", s -> JsonValues.string(s.toUpperCase(Locale.ROOT))),
            stringFunction("LENGTH", s -> number(s.length())),
            new QueryFunction("CONCAT", 2, Integer.MAX_VALUE, BuiltInFunctions::concat),
            new QueryFunction("SUBSTRING", 2, 3, BuiltInFunctions::substring),
            QueryFunction.of("INDEX_OF", 2, args -> isString(args.get(0)) && isString(args.get(1))
                    ? number(stringOf(args.get(0)).indexOf(stringOf(args.get(1)))) : null));

    static final List<QueryFunction> MATH = List.of(
            math("ABS", Math::abs),
            math("CEILING", Math::ceil),
            math("FLOOR", Math::floor),
            math("ROUND", BuiltInFunctions::roundHalfAwayFromZero),
            math("TRUNC", x -> x < 0 ? Math.ceil(x) : Math.floor(x)),
            math("SIGN", Math::signum),
            math("SQUARE", x -> x * x),
            math("SQRT", Math::sqrt),
            math("EXP", Math::exp),
            new QueryFunction("LOG", 1, 2, BuiltInFunctions::log),
            math("LOG10", Math::log10),
            math("SIN", Math::sin),
            math("COS", Math::cos),
            math("TAN", Math::tan),
            math("COT", x -> 1 / Math.tan(x)),
            math("ASIN", Math::asin),
            math("ACOS", Math::acos),
            math("ATAN", Math::atan),
            math("ATN2", (y, x) -> Math.atan2(y, x)),
            math("DEGREES", Math::toDegrees),
            math("RADIANS", Math::toRadians),
            math("POWER", Math::pow),
            QueryFunction.of("PI", 0, args -> number(Math.PI)));

    private BuiltInFunctions() {
    }

    private static QueryFunction typeCheck(String name, Predicate<JsonValue> test) {
        return QueryFunction.of(name, 1, args -> bool(args.get(0) != null && test.test(args.get(0))));
    }

    private static QueryFunction stringTest(String name, BiPredicate<String, String> test) {
        return QueryFunction.of(name, 2, args -> isString(args.get(0)) && isString(args.get(1))
                ? bool(test.test(stringOf(args.get(0)), stringOf(args.get(1)))) : null);
    }

    private static QueryFunction stringFunction(String name, Function<String, JsonValue> body) {
        return QueryFunction.of(name, 1, args -> isString(args.get(0)) ? body.apply(stringOf(args.get(0))) : null);
    }

    private static QueryFunction math(String name, DoubleUnaryOperator body) {
        return QueryFunction.of(name, 1, args -> isNumber(args.get(0)) ? number(body.applyAsDouble(doubleOf(args.get(0)))) : null);
    }

    private static QueryFunction math(String name, DoubleBinaryOperator body) {
        return QueryFunction.of(name, 2, args -> isNumber(args.get(0)) && isNumber(args.get(1))
                ? number(body.applyAsDouble(doubleOf(args.get(0)), doubleOf(args.get(1)))) : null);
    }

    private static double roundHalfAwayFromZero(double x) {
        return Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
    }

    private static JsonValue log(List<JsonValue> args) {
        if (!args.stream().allMatch(JsonValues::isNumber)) {
            return null;
        }
        double value = Math.log(doubleOf(args.get(0)));
        return number(args.size() == 1 ? value : value / Math.log(doubleOf(args.get(1))));
    }

    private static JsonValue asNumber(JsonValue value) {
        if (isNumber(value)) {
            return value;
        }
        if (!isString(value)) {
            return null;
        }
        String text = stringOf(value).strip();
        // JSON number syntax only: no hexadecimal, no leading '+', no "NaN".
        if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return null;
        }
        return JsonValues.number(new BigDecimal(text));
    }

    private static JsonValue concat(List<JsonValue> args) {
        StringBuilder result = new StringBuilder();
        for (JsonValue arg : args) {
            if (!isString(arg)) {
                return null;
            }
            result.append(stringOf(arg));
        }
        return JsonValues.string(result.toString());
    }

    /** SUBSTRING(s, start[, length]): zero-based, clamped to the string like Cosmos DB; fractions are truncated. */
    private static JsonValue substring(List<JsonValue> args) {
        if (!isString(args.get(0)) || !args.subList(1, args.size()).stream().allMatch(JsonValues::isNumber)) {
            return null;
        }
        String s = stringOf(args.get(0));
        long start = clamp((long) doubleOf(args.get(1)), 0, s.length());
        long length = args.size() == 3 ? clamp((long) doubleOf(args.get(2)), 0, s.length()) : s.length();
        long end = clamp(start + length, start, s.length());
        return JsonValues.string(s.substring((int) start, (int) end));
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
