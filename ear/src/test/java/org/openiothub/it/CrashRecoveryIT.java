package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/**
 * What was answered survives a {@code kill -9} of the server at once after the answer: the hub's writes are on disk
 * before it acknowledges them, and nothing half-written is left for reads to trip on.
 */
class CrashRecoveryIT {

    private final ServiceApi api = new ServiceApi();

    @Test
    void restWritesAnsweredJustBeforeACrashAreThereAfterTheRestart() {
        String deviceId = "crash-" + UUID.randomUUID();
        String laterDeviceId = deviceId + "-later";
        String jobId = "crash-job-" + UUID.randomUUID();
        String token = api.ownerToken();

        assertEquals(200, api.call("PUT", "/devices/" + deviceId, "{\"deviceId\":\"" + deviceId + "\"}", token).status());
        assertEquals(200, api.call("PATCH", "/twins/" + deviceId,
                "{\"properties\":{\"desired\":{\"setpoint\":21}}}", token).status());
        assertEquals(200, api.call("PATCH", "/twins/" + deviceId, "{\"tags\":{\"site\":\"north\"}}", token).status());
        assertEquals(204, api.call("POST", "/devices/" + deviceId + "/messages/deviceBound", "hello", token).status());
        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertEquals(200, api.call("PUT", "/jobs/v2/" + jobId, "{\"jobId\":\"" + jobId + "\",\"type\":\"scheduleUpdateTwin\","
                + "\"queryCondition\":\"deviceId = '" + deviceId + "'\",\"startTime\":\"" + tomorrow + "\","
                + "\"updateTwin\":{\"etag\":\"*\",\"tags\":{\"site\":\"south\"}},\"maxExecutionTimeInSeconds\":60}", token).status());
        assertEquals(200, api.call("PUT", "/devices/" + laterDeviceId, "{\"deviceId\":\"" + laterDeviceId + "\"}", token).status());

        HubUnderTest.crashAndRestart();
        token = api.ownerToken();

        JsonObject twin = body(api.call("GET", "/twins/" + deviceId, null, token), 200);
        assertEquals(21, twin.getAsJsonObject("properties").getAsJsonObject("desired").get("setpoint").getAsInt());
        assertEquals("north", twin.getAsJsonObject("tags").get("site").getAsString());
        JsonObject device = body(api.call("GET", "/devices/" + deviceId, null, token), 200);
        assertEquals(1, device.get("cloudToDeviceMessageCount").getAsInt());
        JsonObject job = body(api.call("GET", "/jobs/v2/" + jobId, null, token), 200);
        assertEquals("scheduled", job.get("status").getAsString());
        body(api.call("GET", "/devices/" + laterDeviceId, null, token), 200);
        body(api.call("GET", "/twins/" + laterDeviceId, null, token), 200);
    }

    @Test
    void aDeviceRegisteredAndReportingJustBeforeACrashStillConnectsAfterIt() throws Exception {
        String deviceId = "crash-mqtt-" + UUID.randomUUID();
        JsonObject created = body(api.call("PUT", "/devices/" + deviceId, "{\"deviceId\":\"" + deviceId + "\"}",
                api.ownerToken()), 200);
        String key = created.getAsJsonObject("authentication").getAsJsonObject("symmetricKey").get("primaryKey").getAsString();
        try (MqttDevice device = MqttDevice.connect(api.host(), deviceId, SasTokens.device(api.host(), deviceId, key))) {
            device.client.subscribe("$iothub/twin/res/#", 0);
            device.client.publish("$iothub/twin/PATCH/properties/reported/?$rid=7",
                    "{\"firmware\":\"1.2.3\"}".getBytes(StandardCharsets.UTF_8), 0, false);
            MqttDevice.Received answer = device.received.poll(10, TimeUnit.SECONDS);
            assertNotNull(answer, "no answer to the reported patch");
            assertTrue(answer.topic().startsWith("$iothub/twin/res/204/?$rid=7"), answer.topic());

            HubUnderTest.crashAndRestart();
        }

        JsonObject twin = body(api.call("GET", "/twins/" + deviceId, null, api.ownerToken()), 200);
        JsonObject reported = twin.getAsJsonObject("properties").getAsJsonObject("reported");
        assertTrue(reported.has("firmware"), "the acknowledged reported patch is gone: " + reported);
        assertEquals("1.2.3", reported.get("firmware").getAsString());
        try (MqttDevice again = MqttDevice.connect(api.host(), deviceId, SasTokens.device(api.host(), deviceId, key))) {
            assertTrue(again.client.isConnected());
        }
    }

    private static JsonObject body(ServiceApi.Reply reply, int expectedStatus) {
        assertEquals(expectedStatus, reply.status(), reply.body());
        return JsonParser.parseString(reply.body()).getAsJsonObject();
    }
}
