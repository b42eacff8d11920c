package org.openiothub.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * IoT Hub's JSON for a scheduled job ({@code GET /jobs/v2/{id}}) and for a device's record in it
 * ({@code devices.jobs}). Absent values are left out rather than written as {@code null}: the Java service SDK
 * fails on a {@code null} {@code cloudToDeviceMethod} or {@code updateTwin}. Times are UTC with milliseconds, the
 * form the SDK parses.
 */
public final class JobJson {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private JobJson() {
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    public static JsonObject job(ScheduledJob job, JobStatistics statistics) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("jobId", job.jobId())
                .add("queryCondition", job.queryCondition())
                .add("createdTime", time(job.createdTime()))
                .add("startTime", time(job.startTime()));
        job.endTime().ifPresent(end -> json.add("endTime", time(end)));
        json.add("maxExecutionTimeInSeconds", job.maxExecutionSeconds())
                .add("type", job.type().wireName())
                .add(job.type().actionMember(), job.action())
                .add("status", job.status().wireName());
        job.failureReason().ifPresent(reason -> json.add("failureReason", reason));
        return json.add("deviceJobStatistics", Json.createObjectBuilder()
                        .add("deviceCount", statistics.deviceCount())
                        .add("failedCount", statistics.failedCount())
                        .add("succeededCount", statistics.succeededCount())
                        .add("runningCount", statistics.runningCount())
                        .add("pendingCount", statistics.pendingCount()))
                .build();
    }

    /**
     * A device's record, with its job's {@code cloudToDeviceMethod} for a method job (the Java service SDK reads a
     * method outcome only next to it). A device still waiting for its turn is {@code scheduled}, the status the
     * SDKs know for work not yet begun.
     */
    public static JsonObject deviceJob(DeviceJob device, ScheduledJob job) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("deviceId", device.deviceId())
                .add("jobId", device.jobId())
                .add("jobType", job.type().wireName())
                .add("status", device.status() == DeviceJobStatus.PENDING ? "scheduled" : device.status().wireName());
        device.startTime().ifPresent(start -> json.add("startTimeUtc", time(start)));
        device.endTime().ifPresent(end -> json.add("endTimeUtc", time(end)));
        json.add("createdDateTimeUtc", time(device.createdTime()))
                .add("lastUpdatedDateTimeUtc", time(device.lastUpdatedTime()));
        if (job.type() == JobType.SCHEDULE_DEVICE_METHOD) {
            json.add("cloudToDeviceMethod", job.action());
        }
        device.outcome().ifPresent(outcome -> json.add("outcome", outcome));
        device.errorCode().ifPresent(code -> json.add("error", Json.createObjectBuilder()
                .add("code", code)
                .add("description", device.errorDescription().orElse(""))));
        return json.build();
    }
}
