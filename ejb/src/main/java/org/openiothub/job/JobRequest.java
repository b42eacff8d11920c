package org.openiothub.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.openiothub.errors.HubException;
import org.openiothub.method.MethodInvocation;
import org.openiothub.twin.TwinUpdate;

/**
 * A scheduled job as a back end asked for it ({@code PUT /jobs/v2/{id}}), checked by IoT Hub's rules. Immutable.
 *
 * @param action              the {@code cloudToDeviceMethod} or {@code updateTwin} object, as the caller sent it
 *                            (the twin's {@code etag} set to {@code *})
 * @param maxExecutionSeconds 0 when the caller set no limit
 */
public record JobRequest(String jobId, JobType type, String queryCondition, Instant startTime,
        long maxExecutionSeconds, JsonObject action) {

    /** IoT Hub: at most 64 US-ASCII letters, digits and dashes. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * Reads a request body.
     *
     * @param pathJobId the id in the request's path; a different {@code jobId} in the body is refused
     * @param now       the start time when the body names none
     * @throws HubException {@code ArgumentInvalid} for a bad job id, an unknown type, a missing or malformed member,
     *                      a bad method or twin update; {@code MessageTooLarge} for a method payload over 128 KB.
     *                      The query condition's syntax is {@link JobConditions#check checked} apart.
     */
    public static JobRequest fromJson(String pathJobId, JsonObject body, Instant now) {
        requireJobId(pathJobId);
        String bodyJobId = string(body, "jobId");
        if (bodyJobId != null && !bodyJobId.equals(pathJobId)) {
            throw HubException.invalid("jobId '" + bodyJobId + "' in the body does not match '" + pathJobId + "' in the path.");
        }
        String typeName = string(body, "type");
        if (typeName == null) {
            throw HubException.invalid("type is required: scheduleDeviceMethod or scheduleUpdateTwin.");
        }
        JobType type = JobType.ofWireName(typeName).orElseThrow(() -> HubException.invalid("type '" + typeName
                + "' is not a job type that can be scheduled: use scheduleDeviceMethod or scheduleUpdateTwin."));
        String condition = string(body, "queryCondition");
        if (condition == null || condition.isBlank()) {
            throw HubException.invalid("queryCondition is required for a " + type.wireName() + " job.");
        }
        JsonValue actionValue = body.get(type.actionMember());
        if (actionValue == null || actionValue.getValueType() != JsonValue.ValueType.OBJECT) {
            throw HubException.invalid(type.actionMember() + " (an object) is required for a " + type.wireName() + " job.");
        }
        JsonObject action = actionValue.asJsonObject();
        if (type == JobType.SCHEDULE_DEVICE_METHOD) {
            invocation(action);
        } else {
            action = withAnyEtag(action);
            twinUpdate(action);
        }
        String start = string(body, "startTime");
        return new JobRequest(pathJobId, type, condition, start == null ? now : instant(start),
                maxExecutionSeconds(body), action);
    }

    /**
     * The method call of a {@code cloudToDeviceMethod} object.
     *
     * @throws HubException as {@link MethodInvocation#of}, {@code ArgumentInvalid} for a member of the wrong type
     */
    public static MethodInvocation invocation(JsonObject cloudToDeviceMethod) {
        JsonValue payload = cloudToDeviceMethod.get("payload");
        return MethodInvocation.of(string(cloudToDeviceMethod, "cloudToDeviceMethod.methodName", "methodName"),
                payload == null ? null : payload.toString().getBytes(StandardCharsets.UTF_8),
                integer(cloudToDeviceMethod, "responseTimeoutInSeconds"),
                integer(cloudToDeviceMethod, "connectTimeoutInSeconds"));
    }

    /**
     * The tags and desired properties of an {@code updateTwin} object; its {@code deviceId}, if any, is ignored as
     * each device's own twin is patched.
     *
     * @throws HubException {@code ArgumentInvalid} when it writes nothing or has a member of the wrong type
     */
    public static TwinUpdate twinUpdate(JsonObject updateTwin) {
        JsonObjectBuilder withoutId = Json.createObjectBuilder(updateTwin);
        withoutId.remove("deviceId");
        TwinUpdate update = TwinUpdate.fromServiceJson("", withoutId.build(), false);
        if (update.isEmpty()) {
            throw HubException.invalid("updateTwin writes nothing: give tags, properties.desired or both.");
        }
        return update;
    }

    private static JsonObject withAnyEtag(JsonObject updateTwin) {
        String etag = string(updateTwin, "etag");
        if (etag != null && !etag.equals("*") && !etag.equals("\"*\"")) {
            throw HubException.invalid("updateTwin.etag must be '*': a job patches every twin whatever its etag.");
        }
        return Json.createObjectBuilder(updateTwin).add("etag", "*").build();
    }

    private static void requireJobId(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw HubException.invalid("The job id '" + jobId
                    + "' must be 1 to 64 US-ASCII letters, digits and dashes.");
        }
    }

    /** ISO-8601, with an offset or {@code Z}; a time without one is UTC, as the service SDKs mean it. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw HubException.invalid("startTime '" + text + "' is not an ISO-8601 date and time.");
            }
        }
    }

    private static long maxExecutionSeconds(JsonObject body) {
        JsonValue value = body.get("maxExecutionTimeInSeconds");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return 0;
        }
        if (value instanceof JsonNumber number && number.isIntegral() && number.longValue() >= 0) {
            return number.longValue();
        }
        throw HubException.invalid("maxExecutionTimeInSeconds must be a whole number of seconds, 0 or more.");
    }

    private static String string(JsonObject json, String name) {
        return string(json, name, name);
    }

    private static String string(JsonObject json, String path, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw HubException.invalid(path + " must be a string.");
    }

    private static Integer integer(JsonObject json, String name) {
        JsonValue value = json.get(name);
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
        throw HubException.invalid("cloudToDeviceMethod." + name + " must be an integer.");
    }
}
