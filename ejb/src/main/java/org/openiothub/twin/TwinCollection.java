package org.openiothub.twin;

import java.time.Instant;
import java.util.Objects;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Desired or reported properties: the document, its {@code $version} (1 when the twin is created, one up on
 * every change) and its {@code $metadata}. Immutable: changes return a new collection.
 *
 * <p>As on IoT Hub, desired metadata records {@code $lastUpdatedVersion} at every level and reported metadata
 * does not: a device's reports are not versioned per property.
 */
public final class TwinCollection {

    static final String VERSION = "$version";
    static final String METADATA = "$metadata";

    private final JsonObject properties;
    private final long version;
    private final TwinMetadata metadata;
    private final boolean desired;

    private TwinCollection(JsonObject properties, long version, TwinMetadata metadata, boolean desired) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.version = version;
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.desired = desired;
    }

    static TwinCollection emptyDesired(Instant at) {
        return new TwinCollection(JsonValue.EMPTY_JSON_OBJECT, 1, TwinMetadata.written(JsonValue.EMPTY_JSON_OBJECT, at, 1L), true);
    }

    static TwinCollection emptyReported(Instant at) {
        return new TwinCollection(JsonValue.EMPTY_JSON_OBJECT, 1, TwinMetadata.written(JsonValue.EMPTY_JSON_OBJECT, at, null), false);
    }

    /** These properties with a merge {@code patch} applied at {@code at}, one version up. */
    TwinCollection patched(JsonObject patch, Instant at) {
        long next = version + 1;
        JsonObject after = JsonMergePatch.apply(properties, patch);
        return new TwinCollection(after, next, metadata.patched(properties, patch, after, at, stamp(next)), desired);
    }

    /** {@code replacement} in place of these properties at {@code at}, one version up. */
    TwinCollection replacedBy(JsonObject replacement, Instant at) {
        long next = version + 1;
        return new TwinCollection(replacement, next, TwinMetadata.written(replacement, at, stamp(next)), desired);
    }

    private Long stamp(long next) {
        return desired ? next : null;
    }

    /** The properties without {@code $version} and {@code $metadata}. */
    public JsonObject properties() {
        return properties;
    }

    public long version() {
        return version;
    }

    public TwinMetadata metadata() {
        return metadata;
    }

    /** The properties with {@code $metadata} (the service's view) and {@code $version}. */
    public JsonObject toJson() {
        return TwinJson.PROVIDER.createObjectBuilder(properties).add(METADATA, metadata.toJson()).add(VERSION, version).build();
    }

    /** The properties with {@code $version} only: the device's view. */
    public JsonObject toDeviceJson() {
        return TwinJson.PROVIDER.createObjectBuilder(properties).add(VERSION, version).build();
    }

    /** Reads what {@link #toJson()} wrote. */
    static TwinCollection fromJson(JsonObject json, boolean desired) {
        JsonObjectBuilder properties = TwinJson.PROVIDER.createObjectBuilder(json);
        properties.remove(METADATA);
        properties.remove(VERSION);
        return new TwinCollection(properties.build(), ((JsonNumber) json.get(VERSION)).longValue(),
                TwinMetadata.fromJson(json.getJsonObject(METADATA)), desired);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TwinCollection that && version == that.version && desired == that.desired
                && properties.equals(that.properties) && metadata.equals(that.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(properties, version, metadata, desired);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
