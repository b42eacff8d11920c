package org.openiothub.twin;


import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.ETags;
import org.openiothub.errors.JsonDocuments;

/** What every twin write must pass, device twin or module twin: IoT Hub's {@link TwinLimits} on each part written. */
final class TwinWriteRules {

    private static final String TAGS = "tags";
    private static final String DESIRED = "properties.desired";
    private static final String REPORTED = "properties.reported";

    private final TwinLimits limits;

    TwinWriteRules(TwinLimits limits) {
        this.limits = limits;
    }

    /** @throws HubException {@code ArgumentInvalid} for an empty update or content breaking a limit */
    void checkContent(TwinUpdate update) {
        if (update.isEmpty()) {
            throw HubException.invalid("The request writes nothing: give tags, properties.desired or both.");
        }
        if (update.tags() != null) {
            limits.checkContent(TAGS, update.tags());
        }
        if (update.desired() != null) {
            limits.checkContent(DESIRED, update.desired());
        }
    }

    /** @throws HubException {@code ArgumentInvalid} when a part the update wrote is now over its size limit */
    void checkSize(TwinUpdate update, Twin next) {
        if (update.tags() != null) {
            limits.checkSize(TAGS, next.tags());
        }
        if (update.desired() != null) {
            limits.checkSize(DESIRED, next.desired().properties());
        }
    }

    /**
     * A device's reported patch, parsed and checked for content.
     *
     * @return the merge patch without {@code $version} and {@code $metadata}
     * @throws HubException {@code IotHubFormatError} when it is not a JSON object, {@code ArgumentInvalid} for content
     *                      breaking a limit
     */
    JsonObject reportedPatch(byte[] json) {
        JsonObject patch = TwinUpdate.withoutReadOnlyMembers(parseObject(json));
        limits.checkContent(REPORTED, patch);
        return patch;
    }

    /**
     * @param ifMatch the twin's etag (quoted or not), {@code *} or {@code null} for any
     * @return {@code twin}
     * @throws HubException {@code PreconditionFailed} when {@code ifMatch} names another etag
     */
    static Twin matching(Twin twin, String ifMatch) {
        String expected = ETags.unquote(ifMatch);
        if (!twin.matches(expected)) {
            throw new HubException(ErrorCode.PRECONDITION_FAILED,
                    "The etag " + expected + " does not match the twin's current etag " + twin.etag() + ".");
        }
        return twin;
    }

    /**
     * @param expectedVersion the reported {@code $version} a patch was based on, {@code null} for any
     * @throws HubException {@code PreconditionFailed} when the reported properties are at another {@code $version}
     */
    static void checkReportedVersion(Twin current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.reported().version()) {
            throw new HubException(ErrorCode.PRECONDITION_FAILED, "The reported properties are at $version "
                    + current.reported().version() + ", not " + expectedVersion + ".");
        }
    }

    /** @throws HubException {@code ArgumentInvalid} when the reported properties are now over their size limit */
    void checkReportedSize(Twin next) {
        limits.checkSize(REPORTED, next.reported().properties());
    }

    private static JsonObject parseObject(byte[] json) {
        JsonValue value = JsonDocuments.read(json);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "A twin patch must be a JSON object.");
        }
        return value.asJsonObject();
    }
}
