package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.google.gson.JsonParser;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A back end that stops reading cannot fill the hub's disk: telemetry expires after the retention period, and past the
 * disk limit devices are refused rather than the broker failing. Each test restarts the hub with its own settings; in
 * this order, the first stores its event while the hub still runs on the defaults, which saves a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageLimitsIT {

    private final ServiceApi api = new ServiceApi();

    @AfterAll
    static void defaultSettingsAgain() {
        HubUnderTest.restartWith(null);
    }

    @Test
    @Order(2)
    void telemetryNoBackEndReadWithinTheRetentionPeriodExpires() throws Exception {
        HubUnderTest.restartWith("-Dhub.events.retention-millis=2000");
        String deviceId = "retention-" + UUID.randomUUID();
        try (MqttDevice device = connectNewDevice(deviceId)) {
            device.client.publish(telemetryTopic(deviceId), "old".getBytes(StandardCharsets.UTF_8), 1, false);
            Thread.sleep(3_000);
            device.client.publish(telemetryTopic(deviceId), "new".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            var event = reader.next(deviceId, Duration.ofSeconds(15));
            assertNotNull(event, "the event sent within the retention period is readable");
            assertEquals("new", new String((byte[]) event.body(), StandardCharsets.UTF_8), "the older event expired first");
            assertNull(reader.next(deviceId, Duration.ofSeconds(1)));
        }
    }

    @Test
    @Order(1)
    void pastTheDiskLimitTelemetryIsRefusedAndWhatWasStoredStays() throws Exception {
        String deviceId = "disk-" + UUID.randomUUID();
        try (MqttDevice device = connectNewDevice(deviceId)) {
            device.client.publish(telemetryTopic(deviceId), "stored".getBytes(StandardCharsets.UTF_8), 1, false);
        }

        HubUnderTest.restartWith("-Dhub.disk.max-usage-percent=0");
        try (MqttDevice device = connectAgain(deviceId)) {
            assertThrows(MqttException.class, () -> device.client.publish(telemetryTopic(deviceId),
                    "refused".getBytes(StandardCharsets.UTF_8), 1, false), "no PUBACK for a message the hub cannot store");
            assertTrue(device.disconnectedWithin(10), "the device is disconnected");
        }
        try (EventsReader reader = EventsReader.open("iothubowner", api.ownerToken(), "$Default")) {
            var event = reader.next(deviceId, Duration.ofSeconds(15));
            assertNotNull(event, "what was stored before the limit was reached stays readable");
            assertEquals("stored", new String((byte[]) event.body(), StandardCharsets.UTF_8));
            assertNull(reader.next(deviceId, Duration.ofSeconds(1)), "the refused message was not stored");
        }
    }

    private MqttDevice connectNewDevice(String deviceId) throws Exception {
        ServiceApi.Reply created = api.call("PUT", "/devices/" + deviceId, "{\"deviceId\":\"" + deviceId + "\"}", api.ownerToken());
        assertEquals(200, created.status(), created.body());
        return connectAgain(deviceId);
    }

    private MqttDevice connectAgain(String deviceId) throws Exception {
        ServiceApi.Reply device = api.call("GET", "/devices/" + deviceId, null, api.ownerToken());
        String key = JsonParser.parseString(device.body()).getAsJsonObject().getAsJsonObject("authentication")
                .getAsJsonObject("symmetricKey").get("primaryKey").getAsString();
        return MqttDevice.connect(api.host(), deviceId, SasTokens.device(api.host(), deviceId, key));
    }

    private static String telemetryTopic(String deviceId) {
        return "devices/" + deviceId + "/messages/events/";
    }
}
