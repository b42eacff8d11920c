package org.openiothub.web.rest;

import java.io.StringReader;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
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
}
