package org.openiothub.query;

import java.math.BigDecimal;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Values as the query language sees them, with IoT Hub's (Cosmos DB SQL's) rules: Java {@code null} is
 * {@code undefined}; comparisons are defined only between two primitives of the same type (strings ordinal and
 * case-sensitive, numbers by value, {@code false < true}, {@code null = null}) and are undefined otherwise.
 */
final class JsonValues {

    /** Looked up once: {@code Json.createValue} asks the service loader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Integers up to 2^53 are exact in a double; IoT Hub keeps twin integers well inside that. */
    private static final double EXACT_INTEGER_LIMIT = 9007199254740992.0;

    private JsonValues() {
    }

    static JsonValue string(String value) {
        return JSON.createValue(value);
    }

    static JsonValue number(BigDecimal value) {
        return JSON.createValue(value);
    }

    static JsonValue number(long value) {
        return JSON.createValue(value);
    }

    /** An integral result is written without a fraction ({@code 42}, not {@code 42.0}); NaN and infinities are undefined. */
    static JsonValue number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT) {
            return JSON.createValue((long) value);
        }
        return JSON.createValue(value);
    }

    static JsonValue bool(boolean value) {
        return value ? JsonValue.TRUE : JsonValue.FALSE;
    }

    static boolean isNumber(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.NUMBER;
    }

    static boolean isString(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.STRING;
    }

    static boolean isBoolean(JsonValue value) {
        return value == JsonValue.TRUE || value == JsonValue.FALSE
                || value != null && (value.getValueType() == JsonValue.ValueType.TRUE
                        || value.getValueType() == JsonValue.ValueType.FALSE);
    }

    static boolean isTrue(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.TRUE;
    }

    static boolean isFalse(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.FALSE;
    }

    /** String, number, boolean or null. */
    static boolean isPrimitive(JsonValue value) {
        if (value == null) {
            return false;
        }
        JsonValue.ValueType type = value.getValueType();
        return type != JsonValue.ValueType.OBJECT && type != JsonValue.ValueType.ARRAY;
    }

    static double doubleOf(JsonValue number) {
        return ((JsonNumber) number).doubleValue();
    }

    static String stringOf(JsonValue string) {
        return ((JsonString) string).getString();
    }

    /**
     * @return negative, zero or positive like {@link Comparable#compareTo}, or null (undefined) when either side is
     *         undefined, an object or an array, or the two are of different types
     */
    static Integer compare(JsonValue left, JsonValue right) {
        if (left == null || right == null) {
            return null;
        }
        JsonValue.ValueType type = left.getValueType();
        JsonValue.ValueType other = right.getValueType();
        switch (type) {
            case NUMBER:
                if (other != JsonValue.ValueType.NUMBER) {
                    return null;
                }
                double a = doubleOf(left);
                double b = doubleOf(right);
                return a < b ? -1 : a > b ? 1 : 0;
            case STRING:
                return other == JsonValue.ValueType.STRING ? Integer.signum(stringOf(left).compareTo(stringOf(right))) : null;
            case TRUE:
            case FALSE:
                if (other != JsonValue.ValueType.TRUE && other != JsonValue.ValueType.FALSE) {
                    return null;
                }
                return Boolean.compare(type == JsonValue.ValueType.TRUE, other == JsonValue.ValueType.TRUE);
            case NULL:
                return other == JsonValue.ValueType.NULL ? 0 : null;
            default:
                return null;
        }
    }

    /** Whether two defined primitives are equal under {@link #compare}; false for anything undefined. */
    static boolean sameValue(JsonValue left, JsonValue right) {
        Integer order = compare(left, right);
        return order != null && order == 0;
    }
}
