package org.openiothub.query;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Where an expression's property references get their values. For twin and job queries that is the document itself;
 * a routing condition resolves {@code $body.*}, {@code $twin.*}, system properties such as {@code $contentType} and
 * application properties from the message instead.
 */
@FunctionalInterface
public interface PropertySource {

    /** @return the value, {@link JsonValue#NULL} for a JSON null, or Java {@code null} when undefined */
    JsonValue resolve(PropertyPath path);

    /** Properties of one JSON document, looked up from its root. */
    static PropertySource of(JsonObject document) {
        return path -> path.valueIn(document);
    }
}
