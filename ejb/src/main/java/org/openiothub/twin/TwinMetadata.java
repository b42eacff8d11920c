package org.openiothub.twin;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The {@code $metadata} of one level of a properties document: when it last changed and, for desired
 * properties, at which {@code $version}; with one child per member, mirroring the document's shape (an object
 * member has children of its own, any other member is a leaf). Immutable.
 */
public final class TwinMetadata {

    static final String LAST_UPDATED = "$lastUpdated";
    static final String LAST_UPDATED_VERSION = "$lastUpdatedVersion";

    private final Instant lastUpdated;
    private final Long lastUpdatedVersion;
    private final Map<String, TwinMetadata> children;

    private TwinMetadata(Instant lastUpdated, Long lastUpdatedVersion, Map<String, TwinMetadata> children) {
        this.lastUpdated = Objects.requireNonNull(lastUpdated, "lastUpdated");
        this.lastUpdatedVersion = lastUpdatedVersion;
        this.children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    /**
     * Metadata for {@code value} written whole at {@code at}: every level of it stamped alike.
     *
     * @param version the {@code $lastUpdatedVersion} to record, or {@code null} to record none
     */
    static TwinMetadata written(JsonValue value, Instant at, Long version) {
        Map<String, TwinMetadata> children = new LinkedHashMap<>();
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            value.asJsonObject().forEach((key, child) -> children.put(key, written(child, at, version)));
        }
        return new TwinMetadata(at, version, children);
    }

    /**
     * The metadata after a merge patch turned {@code before} into {@code after}: the members the patch names
     * are stamped with {@code at} (objects merged into objects member by member), removed members lose their
     * metadata, untouched members keep theirs, and this level is stamped since something in it changed.
     */
    TwinMetadata patched(JsonObject before, JsonObject patch, JsonObject after, Instant at, Long version) {
        Map<String, TwinMetadata> next = new LinkedHashMap<>(children);
        patch.forEach((key, change) -> {
            JsonValue result = after.get(key);
            if (result == null) {
                next.remove(key);
            } else if (change.getValueType() == JsonValue.ValueType.OBJECT
                    && isObject(before.get(key)) && next.containsKey(key)) {
                next.put(key, next.get(key).patched(before.getJsonObject(key), change.asJsonObject(),
                        result.asJsonObject(), at, version));
            } else {
                next.put(key, written(result, at, version));
            }
        });
        return new TwinMetadata(at, version, next);
    }

    public Instant lastUpdated() {
        return lastUpdated;
    }

    /** @return {@code null} where none is recorded (reported properties) */
    public Long lastUpdatedVersion() {
        return lastUpdatedVersion;
    }

    /** @return the metadata of member {@code key}, or {@code null} when there is no such member */
    public TwinMetadata child(String key) {
        return children.get(key);
    }

    /** IoT Hub's {@code $metadata} object: {@code $lastUpdated}, {@code $lastUpdatedVersion}, then one entry per member. */
    JsonObject toJson() {
        JsonObjectBuilder json = TwinJson.PROVIDER.createObjectBuilder().add(LAST_UPDATED, TwinTimes.format(lastUpdated));
        if (lastUpdatedVersion != null) {
            json.add(LAST_UPDATED_VERSION, lastUpdatedVersion);
        }
        children.forEach((key, child) -> json.add(key, child.toJson()));
        return json.build();
    }

    /** Reads what {@link #toJson()} wrote. */
    static TwinMetadata fromJson(JsonObject json) {
        Map<String, TwinMetadata> children = new LinkedHashMap<>();
        json.forEach((key, value) -> {
            if (!key.startsWith("$") && value.getValueType() == JsonValue.ValueType.OBJECT) {
                children.put(key, fromJson(value.asJsonObject()));
            }
        });
        JsonValue version = json.get(LAST_UPDATED_VERSION);
        return new TwinMetadata(TwinTimes.parse(((JsonString) json.get(LAST_UPDATED)).getString()),
                version instanceof JsonNumber number ? number.longValue() : null, children);
    }

    private static boolean isObject(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TwinMetadata that && lastUpdated.equals(that.lastUpdated)
                && Objects.equals(lastUpdatedVersion, that.lastUpdatedVersion) && children.equals(that.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastUpdated, lastUpdatedVersion, children);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
