package org.openiothub.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonDocuments;

/**
 * A batch of device messages in one request, content type {@value #CONTENT_TYPE}: a JSON array of
 * {@code {"body": <text>, "base64Encoded": true|false, "properties": {"iothub-messageid": ..., "iothub-app-<name>": ...}}},
 * as the device SDKs send it. A body without {@code base64Encoded} is base64: the Node SDK sends every body so, the C
 * SDK a byte array's, and only a text body comes with {@code "base64Encoded": false}.
 */
final class HttpTelemetryBatch {

    static final String CONTENT_TYPE = "application/vnd.microsoft.iothub.json";

    /** One message of a batch: its body and its properties under their HTTPS names. */
    record Entry(byte[] body, Map<String, String> properties) {
    }

    private HttpTelemetryBatch() {
    }

    /** Whether a request of this content type carries a batch. */
    static boolean isBatch(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE);
    }

    /**
     * @throws HubException {@code IotHubFormatError} when the body is not such an array, or an entry has no body or
     *                      an undecodable base64 body; {@code ArgumentInvalid} for an empty array
     */
    static List<Entry> parse(byte[] json) {
        JsonValue document = JsonDocuments.read(json);
        if (document.getValueType() != JsonValue.ValueType.ARRAY) {
            throw format("A batch is a JSON array of messages.");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonValue value : document.asJsonArray()) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw format("Each message of a batch is a JSON object.");
            }
            entries.add(entry(value.asJsonObject(), entries.size()));
        }
        if (entries.isEmpty()) {
            throw HubException.invalid("The batch holds no message.");
        }
        return entries;
    }

    private static Entry entry(JsonObject message, int index) {
        JsonValue body = message.get("body");
        if (!(body instanceof JsonString text)) {
            throw format("Message " + index + " of the batch has no string 'body'.");
        }
        byte[] bytes;
        if (message.getBoolean("base64Encoded", true)) {
            try {
                bytes = Base64.getDecoder().decode(text.getString());
            } catch (IllegalArgumentException e) {
                throw format("The body of message " + index + " of the batch is not base64.");
            }
        } else {
            bytes = text.getString().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        JsonValue named = message.get("properties");
        if (named != null && named.getValueType() == JsonValue.ValueType.OBJECT) {
            named.asJsonObject().forEach((name, value) ->
                    properties.put(name, value instanceof JsonString string ? string.getString() : value.toString()));
        } else if (named != null && named.getValueType() != JsonValue.ValueType.NULL) {
            throw format("The 'properties' of message " + index + " of the batch are not a JSON object.");
        }
        return new Entry(bytes, properties);
    }

    private static HubException format(String message) {
        return new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, message);
    }
}
