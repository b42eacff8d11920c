package org.openiothub.job;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.openiothub.errors.HubException;
import org.openiothub.method.MethodResult;

/**
 * How one device's part in a job ended.
 *
 * @param outcome          {@code {"deviceMethodResponse":{"status","payload"}}} when a device answered a method,
 *                         else {@code null}
 * @param errorCode        IoT Hub's error name (e.g. {@code DeviceNotOnline}) when it failed, else {@code null}
 * @param errorDescription what went wrong, when it failed
 */
public record DeviceJobOutcome(DeviceJobStatus status, JsonObject outcome, String errorCode, String errorDescription) {

    /** The code of a device that was not reached because the job's {@code maxExecutionTimeInSeconds} ran out. */
    public static final String JOB_TIMED_OUT = "JobRunTimedOut";
    /** The code of a device that was not reached because the job was cancelled. */
    public static final String JOB_CANCELLED = "JobCancelled";

    /** A device answered the method, whatever status it chose: the call itself succeeded. */
    public static DeviceJobOutcome answered(MethodResult result) {
        String payload = new String(result.payloadJson(), StandardCharsets.UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader("{\"status\":" + result.status()
                + ",\"payload\":" + payload + "}"))) {
            return new DeviceJobOutcome(DeviceJobStatus.COMPLETED,
                    Json.createObjectBuilder().add("deviceMethodResponse", reader.readObject()).build(), null, null);
        }
    }

    /** The twin was updated. */
    public static DeviceJobOutcome updated() {
        return new DeviceJobOutcome(DeviceJobStatus.COMPLETED, null, null, null);
    }

    public static DeviceJobOutcome failed(HubException e) {
        return new DeviceJobOutcome(DeviceJobStatus.FAILED, null, e.errorCode().errorName(), e.getMessage());
    }

    public static DeviceJobOutcome failed(String code, String description) {
        return new DeviceJobOutcome(DeviceJobStatus.FAILED, null, code, description);
    }

    public static DeviceJobOutcome cancelled() {
        return new DeviceJobOutcome(DeviceJobStatus.CANCELLED, null, JOB_CANCELLED,
                "The job was cancelled before this device's turn.");
    }
}
