package org.openiothub.web.rest;

import java.io.StringReader;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/** Reads request bodies, so that malformed JSON is a clear {@code IotHubFormatError} naming where it broke. */
final class JsonBodies {

    /** Looked up once: {@code Json.createReader} looks the provider up through the service loader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonBodies() {
    }

    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body is empty; a JSON object is required.");
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body must be a JSON object.");
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "Malformed JSON at line "
                    + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage());
        } catch (jakarta.json.JsonException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "Malformed JSON: " + e.getMessage());
        }
    }

    /** A string member, {@code null} when absent or JSON null; any other type is an error. */
    static String string(JsonObject object, String name, String path) {
        JsonValue value = object == null ? null : object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw HubException.invalid(path + name + " must be a string.");
    }

    /** An object member, {@code null} when absent or JSON null. */
    static JsonObject object(JsonObject object, String name, String path) {
        JsonValue value = object == null ? null : object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw HubException.invalid(path + name + " must be an object.");
        }
        return value.asJsonObject();
    }

    static boolean bool(JsonObject object, String name, String path) {
        JsonValue value = object == null ? null : object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return false;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw HubException.invalid(path + name + " must be true or false.");
    }

    /** An integer member, {@code null} when absent or JSON null; a fraction, a string or an int overflow is an error. */
    static Integer integer(JsonObject object, String name, String path) {
        JsonValue value = object == null ? null : object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
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
}
