package org.openiothub.errors;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Typed members of a JSON request: absent and JSON {@code null} read as {@code null}, a member of another type is
 * {@code ArgumentInvalid} naming it by {@code path + name} (e.g. {@code authentication.type}).
 */
public final class JsonMembers {

    private JsonMembers() {
    }

    /** @param object {@code null} reads as an object without members */
    public static String string(JsonObject object, String name, String path) {
        JsonValue value = member(object, name);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw HubException.invalid(path + name + " must be a string.");
    }

    public static JsonObject object(JsonObject object, String name, String path) {
        JsonValue value = member(object, name);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw HubException.invalid(path + name + " must be an object.");
        }
        return value.asJsonObject();
    }

    public static Boolean bool(JsonObject object, String name, String path) {
        JsonValue value = member(object, name);
        if (value == null) {
            return null;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw HubException.invalid(path + name + " must be true or false.");
    }

    /** {@link #bool}, with absent meaning {@code false}. */
    public static boolean flag(JsonObject object, String name, String path) {
        return Boolean.TRUE.equals(bool(object, name, path));
    }

    /** A fraction, a string or an int overflow is an error. */
    public static Integer integer(JsonObject object, String name, String path) {
        JsonValue value = member(object, name);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.intValueExact();
            } catch (ArithmeticException e) {
                // falls through to the error below
            }
        }
        throw HubException.invalid(path + name + " must be an integer.");
    }

    private static JsonValue member(JsonObject object, String name) {
        JsonValue value = object == null ? null : object.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }
}
