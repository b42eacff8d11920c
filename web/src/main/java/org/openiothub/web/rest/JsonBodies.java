package org.openiothub.web.rest;


import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonDocuments;

/** Reads request bodies, so that malformed JSON is a clear {@code IotHubFormatError} naming where it broke. */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body is empty; a JSON object is required.");
        }
        JsonValue value = JsonDocuments.read(body);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The request body must be a JSON object.");
        }
        return value.asJsonObject();
    }
}
