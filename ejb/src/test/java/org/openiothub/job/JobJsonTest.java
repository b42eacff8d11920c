package org.openiothub.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.method.MethodResult;
import org.openiothub.query.TwinQuery;

class JobJsonTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static ScheduledJob methodJob() {
        return new ScheduledJob(JobRequest.fromJson("reboot-1", json("{'type':'scheduleDeviceMethod','queryCondition':"
                + "'tags.floor = 3','cloudToDeviceMethod':{'methodName':'reboot','payload':null},"
                + "'startTime':'2026-01-01T09:59:59.5Z','maxExecutionTimeInSeconds':60}"), CREATED), CREATED);
    }

    @Test
    void aJobHasIotHubsMembersAndLeavesOutWhatItDoesNotHave() {
        JsonObject job = JobJson.job(methodJob(), new JobStatistics(5, 2, 3, 0, 0));
        assertEquals("reboot-1", job.getString("jobId"));
        assertEquals("scheduleDeviceMethod", job.getString("type"));
        assertEquals("queued", job.getString("status"), "its start time has come: it waits for a run slot");
        assertEquals("2026-01-01T10:00:00.000Z", job.getString("createdTime"));
        assertEquals("2026-01-01T09:59:59.500Z", job.getString("startTime"));
        assertEquals(60, job.getInt("maxExecutionTimeInSeconds"));
        assertEquals("reboot", job.getJsonObject("cloudToDeviceMethod").getString("methodName"));
        assertEquals("tags.floor = 3", job.getString("queryCondition"));
        assertFalse(job.containsKey("updateTwin"), "the Java service SDK fails on an updateTwin of null");
        assertFalse(job.containsKey("endTime"));
        assertEquals(json("{'deviceCount':5,'failedCount':2,'succeededCount':3,'runningCount':0,'pendingCount':0}"),
                job.getJsonObject("deviceJobStatistics"));
    }

    @Test
    void aDeviceRecordCarriesTheMethodsAnswerOrItsError() {
        ScheduledJob job = methodJob();
        DeviceJob answered = new DeviceJob("reboot-1", "lamp-1", CREATED);
        answered.started(CREATED.plusSeconds(1));
        answered.ended(DeviceJobOutcome.answered(new MethodResult(200, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8))),
                CREATED.plusSeconds(2));
        JsonObject record = JobJson.deviceJob(answered, job);
        assertEquals("lamp-1", record.getString("deviceId"));
        assertEquals("reboot-1", record.getString("jobId"));
        assertEquals("scheduleDeviceMethod", record.getString("jobType"));
        assertEquals("completed", record.getString("status"));
        assertEquals("2026-01-01T10:00:01.000Z", record.getString("startTimeUtc"));
        assertEquals("2026-01-01T10:00:02.000Z", record.getString("endTimeUtc"));
        assertEquals(json("{'deviceMethodResponse':{'status':200,'payload':{'ok':true}}}"), record.getJsonObject("outcome"));
        assertFalse(record.containsKey("error"));

        DeviceJob offline = new DeviceJob("reboot-1", "lamp-2", CREATED);
        offline.started(CREATED);
        offline.ended(DeviceJobOutcome.failed(new HubException(ErrorCode.DEVICE_NOT_ONLINE, "not online")), CREATED);
        JsonObject failed = JobJson.deviceJob(offline, job);
        assertEquals("failed", failed.getString("status"));
        assertEquals(json("{'code':'DeviceNotOnline','description':'not online'}"), failed.getJsonObject("error"));
        assertFalse(failed.containsKey("outcome"));

        JsonObject waiting = JobJson.deviceJob(new DeviceJob("reboot-1", "lamp-3", CREATED), job);
        assertEquals("scheduled", waiting.getString("status"), "the SDKs know no 'pending'");
        assertFalse(waiting.containsKey("startTimeUtc"));
    }

    @Test
    void deviceRecordsAnswerAJobsQuery() {
        ScheduledJob job = methodJob();
        DeviceJob ok = new DeviceJob("reboot-1", "lamp-1", CREATED);
        ok.started(CREATED);
        ok.ended(DeviceJobOutcome.answered(new MethodResult(200, null)), CREATED);
        DeviceJob offline = new DeviceJob("reboot-1", "lamp-2", CREATED);
        offline.started(CREATED);
        offline.ended(DeviceJobOutcome.failed("DeviceNotOnline", "not online"), CREATED);
        List<JsonObject> documents = List.of(JobJson.deviceJob(ok, job), JobJson.deviceJob(offline, job));

        List<JsonObject> failed = TwinQuery.compile("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'reboot-1'"
                + " AND status = 'failed'").execute(documents);
        assertEquals(1, failed.size());
        assertEquals("lamp-2", failed.get(0).getString("deviceId"));
        assertEquals(2, TwinQuery.compile("SELECT * FROM devices.jobs WHERE jobType = 'scheduleDeviceMethod'")
                .execute(documents).size());
        assertTrue(TwinQuery.compile("SELECT * FROM devices.jobs WHERE error.code = 'DeviceNotOnline'")
                .execute(documents).get(0).containsKey("error"));
    }
}
