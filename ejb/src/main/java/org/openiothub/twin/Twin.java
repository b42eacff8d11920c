package org.openiothub.twin;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A device's twin document: tags (the back end's own), desired properties (the back end's wishes) and reported
 * properties (the device's state), with a twin {@code version} that moves on every change and the etag derived
 * from it. Immutable: every change returns a new twin, one version up.
 */
public final class Twin {

    private final String deviceId;
    private final long version;
    private final JsonObject tags;
    private final TwinCollection desired;
    private final TwinCollection reported;

    Twin(String deviceId, long version, JsonObject tags, TwinCollection desired, TwinCollection reported) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.version = version;
        this.tags = Objects.requireNonNull(tags, "tags");
        this.desired = Objects.requireNonNull(desired, "desired");
        this.reported = Objects.requireNonNull(reported, "reported");
    }

    /** The twin a new device gets: empty, every version 1. */
    public static Twin empty(String deviceId, Instant at) {
        return new Twin(deviceId, 1, JsonValue.EMPTY_JSON_OBJECT, TwinCollection.emptyDesired(at), TwinCollection.emptyReported(at));
    }

    /** A back end's patch: tags and desired properties merged, each only when given. */
    public Twin patchedBy(TwinUpdate update, Instant at) {
        return new Twin(deviceId, version + 1,
                update.tags() == null ? tags : JsonMergePatch.apply(tags, update.tags()),
                update.desired() == null ? desired : desired.patched(update.desired(), at),
                reported);
    }

    /** A back end's replacement: tags and desired properties replaced, each only when given. */
    public Twin replacedBy(TwinUpdate update, Instant at) {
        return new Twin(deviceId, version + 1,
                update.tags() == null ? tags : update.tags(),
                update.desired() == null ? desired : desired.replacedBy(update.desired(), at),
                reported);
    }

    /**
     * What an import writes: each given part (tags, desired or reported properties, without {@code $version} and
     * {@code $metadata}) replaces the current one; a {@code null} part is kept.
     */
    public Twin importedBy(JsonObject newTags, JsonObject newDesired, JsonObject newReported, Instant at) {
        return new Twin(deviceId, version + 1,
                newTags == null ? tags : newTags,
                newDesired == null ? desired : desired.replacedBy(newDesired, at),
                newReported == null ? reported : reported.replacedBy(newReported, at));
    }

    /** A device's patch of its reported properties. */
    public Twin reportedPatchedBy(JsonObject patch, Instant at) {
        return new Twin(deviceId, version + 1, tags, desired, reported.patched(patch, at));
    }

    public String deviceId() {
        return deviceId;
    }

    /** Moves on every change of tags, desired or reported properties. */
    public long version() {
        return version;
    }

    /** IoT Hub's twin etag form: base64 of the version as eight big-endian bytes ({@code AAAAAAAAAAE=} for 1). */
    public String etag() {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(version).array());
    }

    /** Whether {@code ifMatch} (already unquoted) lets a change go ahead: absent, {@code *} or this etag. */
    public boolean matches(String ifMatch) {
        return ifMatch == null || "*".equals(ifMatch) || etag().equals(ifMatch);
    }

    public JsonObject tags() {
        return tags;
    }

    public TwinCollection desired() {
        return desired;
    }

    public TwinCollection reported() {
        return reported;
    }

    /** What a device GETs: {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}}, without tags or metadata. */
    public JsonObject toDeviceJson() {
        return TwinJson.PROVIDER.createObjectBuilder()
                .add("desired", desired.toDeviceJson())
                .add("reported", reported.toDeviceJson())
                .build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Twin that && deviceId.equals(that.deviceId) && version == that.version
                && tags.equals(that.tags) && desired.equals(that.desired) && reported.equals(that.reported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, version, tags, desired, reported);
    }

    @Override
    public String toString() {
        return "Twin[" + deviceId + ", version " + version + "]";
    }
}
