package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * Reported-property patches that devices send without waiting for answers, as the hub writes many devices' patches in
 * one transaction: each is answered in order with its own version, a refused one fails alone, and the service and
 * queries see the result. Raw MQTT, since the device SDK waits for each answer.
 */
class TwinReportedBatchIT {

    private static final String PATCH = "$iothub/twin/PATCH/properties/reported/?$rid=";

    private static ServiceApi api;
    private static RegistryClient registry;
    private static TwinClient twins;
    private static QueryClient queries;

    @BeforeAll
    static void connect() {
        api = new ServiceApi();
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        queries = new QueryClient(HubUnderTest.ownerConnectionString());
    }

    private static MqttDevice connected(Device device) throws Exception {
        MqttDevice mqtt = MqttDevice.connect(api.host(), device.getDeviceId(),
                SasTokens.device(api.host(), device.getDeviceId(), device.getPrimaryKey()));
        mqtt.client.subscribe("$iothub/twin/res/#", 0);
        return mqtt;
    }

    private static void send(MqttDevice device, String topic, String json) throws Exception {
        MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        message.setQos(0);
        device.client.publish(topic, message);
    }

    /** The next {@code count} twin answers' topics, in the order they arrived. */
    private static List<String> answers(MqttDevice device, int count) throws InterruptedException {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MqttDevice.Received received = device.received.poll(30, TimeUnit.SECONDS);
            assertNotNull(received, "answer " + (i + 1) + " of " + count + " came; got " + topics);
            topics.add(received.topic());
        }
        return topics;
    }

    @Test
    void patchesSentWithoutWaitingAreAnsweredInOrderEachWithItsVersion() throws Exception {
        Device device = registry.addDevice(new Device("batch-" + UUID.randomUUID()));
        try (MqttDevice mqtt = connected(device)) {
            for (int i = 1; i <= 8; i++) {
                send(mqtt, PATCH + i, "{\"n\":" + i + ",\"kept\":{\"at\":" + i + "}}");
            }
            // Based on $version 1, long gone when this arrives: refused, and the patches after it go on.
            send(mqtt, PATCH + "stale&$version=1", "{\"n\":-1}");
            send(mqtt, PATCH + "last", "{\"n\":null}");

            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                expected.add("$iothub/twin/res/204/?$rid=" + i + "&$version=" + (i + 1));
            }
            expected.add("$iothub/twin/res/412/?$rid=stale");
            expected.add("$iothub/twin/res/204/?$rid=last&$version=10");
            assertEquals(expected, answers(mqtt, expected.size()));
        }
        Twin twin = twins.get(device.getDeviceId());
        assertEquals(10, twin.getReportedProperties().getVersion());
        assertFalse(twin.getReportedProperties().containsKey("n"), "the last patch removed n");
        assertEquals(8.0, ((Number) ((Map<?, ?>) twin.getReportedProperties().get("kept")).get("at")).doubleValue());
    }

    @Test
    void aPatchOverTheSizeLimitFailsAloneAmongOtherDevicesPatches() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Device> devices = new ArrayList<>();
        List<MqttDevice> connections = new ArrayList<>();
        try {
            for (int d = 0; d < 4; d++) {
                Device device = registry.addDevice(new Device("batch-" + run + "-" + d));
                devices.add(device);
                connections.add(connected(device));
            }
            // Each value is within the string limit; together they are over the 32 KB of reported properties, which
            // only the merged document shows.
            StringBuilder oversized = new StringBuilder("{");
            for (int k = 0; k < 9; k++) {
                oversized.append(k == 0 ? "" : ",").append("\"s").append(k).append("\":\"").append("x".repeat(4000)).append('"');
            }
            String tooLarge = oversized.append('}').toString();
            for (int round = 1; round <= 3; round++) {
                for (int d = 0; d < connections.size(); d++) {
                    String body = d == 0 && round == 2 ? tooLarge : "{\"run\":\"" + run + "\",\"round\":" + round + "}";
                    send(connections.get(d), PATCH + round, body);
                }
            }
            assertEquals(List.of("$iothub/twin/res/204/?$rid=1&$version=2", "$iothub/twin/res/400/?$rid=2",
                    "$iothub/twin/res/204/?$rid=3&$version=3"), answers(connections.get(0), 3));
            for (int d = 1; d < connections.size(); d++) {
                assertEquals(List.of("$iothub/twin/res/204/?$rid=1&$version=2", "$iothub/twin/res/204/?$rid=2&$version=3",
                        "$iothub/twin/res/204/?$rid=3&$version=4"), answers(connections.get(d), 3));
            }
        } finally {
            connections.forEach(MqttDevice::close);
        }
        assertEquals(3, twins.get(devices.get(0).getDeviceId()).getReportedProperties().getVersion());
        assertFalse(twins.get(devices.get(0).getDeviceId()).getReportedProperties().containsKey("s0"));

        QueryPageOptions options = QueryPageOptions.builder().pageSize(100).build();
        TwinQueryResponse found = queries.queryTwins("SELECT * FROM devices WHERE properties.reported.run = '" + run
                + "' AND properties.reported.round = 3", options);
        List<String> ids = new ArrayList<>();
        while (found.hasNext()) {
            ids.add(found.next(options).getDeviceId());
        }
        assertEquals(devices.stream().map(Device::getDeviceId).sorted().toList(), ids.stream().sorted().toList(),
                "queries find what the batched writes indexed");
    }
}
