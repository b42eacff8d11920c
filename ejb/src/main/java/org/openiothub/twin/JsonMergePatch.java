package org.openiothub.twin;

import java.util.Objects;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * JSON merge patch (RFC 7396) on objects, the semantics of every twin update: a member set to {@code null}
 * is removed, an object merges into an object member by member, anything else replaces the member whole
 * (arrays included).
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /** {@code target} with {@code patch} applied; neither is changed. */
    static JsonObject apply(JsonObject target, JsonObject patch) {
        JsonObjectBuilder result = TwinJson.PROVIDER.createObjectBuilder(target);
        patch.forEach((key, change) -> {
            if (change.getValueType() == JsonValue.ValueType.NULL) {
                result.remove(key);
            } else if (change.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonValue current = target.get(key);
                JsonObject base = current != null && current.getValueType() == JsonValue.ValueType.OBJECT
                        ? current.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
                result.add(key, apply(base, change.asJsonObject()));
            } else {
                result.add(key, change);
            }
        });
        return result.build();
    }

    /**
     * The smallest merge patch that turns {@code from} into {@code to}: {@code apply(from, diff(from, to))}
     * equals {@code to}.
     */
    static JsonObject diff(JsonObject from, JsonObject to) {
        JsonObjectBuilder patch = TwinJson.PROVIDER.createObjectBuilder();
        from.keySet().stream().filter(key -> !to.containsKey(key)).forEach(patch::addNull);
        to.forEach((key, value) -> {
            JsonValue old = from.get(key);
            if (old != null && old.getValueType() == JsonValue.ValueType.OBJECT
                    && value.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonObject nested = diff(old.asJsonObject(), value.asJsonObject());
                if (!nested.isEmpty()) {
                    patch.add(key, nested);
                }
            } else if (!Objects.equals(old, value)) {
                patch.add(key, value);
            }
        });
        return patch.build();
    }
}
