package org.openiothub.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.method.MethodInvocation;
import org.openiothub.twin.TwinUpdate;

class JobRequestTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    /** As the Java service SDK's ScheduledJobParser writes it: nulls included, timeouts left out when 0. */
    private static final String METHOD_JOB = "{'jobId':'reboot-1','type':'scheduleDeviceMethod',"
            + "'cloudToDeviceMethod':{'methodName':'reboot','responseTimeoutInSeconds':200,'payload':{'delay':5}},"
            + "'updateTwin':null,'queryCondition':'tags.building = 43','startTime':'2026-01-01T10:05:00.000Z',"
            + "'maxExecutionTimeInSeconds':200}";

    @Test
    void aMethodJobAsTheServiceSdkSendsIt() {
        JobRequest request = JobRequest.fromJson("reboot-1", json(METHOD_JOB), NOW);
        assertEquals(JobType.SCHEDULE_DEVICE_METHOD, request.type());
        assertEquals("tags.building = 43", request.queryCondition());
        assertEquals(Instant.parse("2026-01-01T10:05:00Z"), request.startTime());
        assertEquals(200, request.maxExecutionSeconds());
        MethodInvocation invocation = JobRequest.invocation(request.action());
        assertEquals("reboot", invocation.methodName());
        assertEquals(Duration.ofSeconds(200), invocation.responseTimeout());
        assertEquals(Duration.ZERO, invocation.connectTimeout());
        assertEquals("{\"delay\":5}", new String(invocation.payloadJson(), StandardCharsets.UTF_8));
    }

    @Test
    void aTwinJobPatchesTagsAndDesiredPropertiesWithAnyEtag() {
        JobRequest request = JobRequest.fromJson("twin-1", json("{'jobId':'twin-1','type':'scheduleUpdateTwin',"
                + "'updateTwin':{'deviceId':null,'etag':'*','tags':{'building':'43'},'properties':{'desired':{'fw':'2.0'},"
                + "'reported':null}},'queryCondition':'deviceId = \\u0027a\\u0027','startTime':'2026-01-01T09:00:00',"
                + "'maxExecutionTimeInSeconds':0}"), NOW);
        assertEquals(Instant.parse("2026-01-01T09:00:00Z"), request.startTime(), "a time without offset is UTC");
        assertEquals(0, request.maxExecutionSeconds());
        TwinUpdate update = JobRequest.twinUpdate(request.action());
        assertEquals(json("{'building':'43'}"), update.tags());
        assertEquals(json("{'fw':'2.0'}"), update.desired());
        assertEquals("*", request.action().getString("etag"));
    }

    @Test
    void aJobWithoutStartTimeStartsNow() {
        JobRequest request = JobRequest.fromJson("now", json("{'type':'scheduleUpdateTwin','queryCondition':'x = 1',"
                + "'updateTwin':{'tags':{'a':1}}}"), NOW);
        assertEquals(NOW, request.startTime());
        assertEquals("*", request.action().getString("etag"), "the etag is * when none was given");
    }

    @Test
    void badRequestsAreArgumentInvalidAndSayWhy() {
        assertInvalid("type 'rebootDevice'", "j", "{'type':'rebootDevice','queryCondition':'x = 1'}");
        assertInvalid("type is required", "j", "{'queryCondition':'x = 1'}");
        assertInvalid("queryCondition is required", "j", "{'type':'scheduleUpdateTwin','updateTwin':{'tags':{'a':1}}}");
        assertInvalid("queryCondition is required", "j", "{'type':'scheduleUpdateTwin','queryCondition':' ','updateTwin':{'tags':{'a':1}}}");
        assertInvalid("cloudToDeviceMethod", "j", "{'type':'scheduleDeviceMethod','queryCondition':'x = 1'}");
        assertInvalid("methodName", "j", "{'type':'scheduleDeviceMethod','queryCondition':'x = 1','cloudToDeviceMethod':{}}");
        assertInvalid("responseTimeoutInSeconds", "j", "{'type':'scheduleDeviceMethod','queryCondition':'x = 1',"
                + "'cloudToDeviceMethod':{'methodName':'m','responseTimeoutInSeconds':1}}");
        assertInvalid("writes nothing", "j", "{'type':'scheduleUpdateTwin','queryCondition':'x = 1','updateTwin':{'etag':'*'}}");
        assertInvalid("etag", "j", "{'type':'scheduleUpdateTwin','queryCondition':'x = 1','updateTwin':{'etag':'AAAA','tags':{'a':1}}}");
        assertInvalid("does not match", "j", "{'jobId':'k','type':'scheduleUpdateTwin','queryCondition':'x = 1','updateTwin':{'tags':{'a':1}}}");
        assertInvalid("startTime", "j", "{'type':'scheduleUpdateTwin','queryCondition':'x = 1','updateTwin':{'tags':{'a':1}},'startTime':'tomorrow'}");
        assertInvalid("maxExecutionTimeInSeconds", "j", "{'type':'scheduleUpdateTwin','queryCondition':'x = 1',"
                + "'updateTwin':{'tags':{'a':1}},'maxExecutionTimeInSeconds':-1}");
        assertInvalid("64", "job id with spaces", "{'type':'scheduleUpdateTwin','queryCondition':'x = 1','updateTwin':{'tags':{'a':1}}}");
        assertInvalid("64", "j".repeat(65), "{'type':'scheduleUpdateTwin','queryCondition':'x = 1','updateTwin':{'tags':{'a':1}}}");
    }

    @Test
    void aConditionWithASyntaxErrorNamesThePositionInTheCondition() {
        HubException e = assertThrows(HubException.class, () -> JobConditions.check("tags.x = 1 OR"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode());
        assertTrue(e.getMessage().startsWith("queryCondition: Syntax error at position 14: "), e.getMessage());
        HubException lexical = assertThrows(HubException.class, () -> JobConditions.check("tags.x = #"));
        assertTrue(lexical.getMessage().contains("position 10"), lexical.getMessage());
        JobConditions.check("deviceId IN ['a', 'b'] AND tags.building = 43");
    }

    private static void assertInvalid(String expected, String jobId, String body) {
        HubException e = assertThrows(HubException.class, () -> JobRequest.fromJson(jobId, json(body), NOW), body);
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
