package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.util.IterableStream;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** The built-in endpoint read as an Event Hub by the official Java Event Hubs SDK, from devices' telemetry. */
class EventHubIT {

    /** The hub's name for the host 127.0.0.1, and so its Event Hub's. */
    static final String EVENT_HUB = "hub";
    static final int PARTITIONS = 4;

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    static EventHubConsumerClient consumer() {
        // the connection string the run command prints
        return new EventHubClientBuilder().connectionString(HubUnderTest.get().eventHubConnectionString())
                .consumerGroup("$Default").buildConsumerClient();
    }

    /** The partition the hub puts a device's events in: a CRC-32 of its id. */
    static String partitionOf(String deviceId) {
        CRC32 crc = new CRC32();
        crc.update(deviceId.getBytes(StandardCharsets.UTF_8));
        return Long.toString(crc.getValue() % PARTITIONS);
    }

    @Test
    void theEventHubDescribesItselfAndItsPartitions() {
        try (EventHubConsumerClient consumer = consumer()) {
            EventHubProperties hub = consumer.getEventHubProperties();
            assertEquals(EVENT_HUB, hub.getName());
            List<String> ids = new ArrayList<>();
            hub.getPartitionIds().forEach(ids::add);
            assertEquals(List.of("0", "1", "2", "3"), ids);
            PartitionProperties partition = consumer.getPartitionProperties("2");
            assertEquals("2", partition.getId());
            assertEquals(EVENT_HUB, partition.getEventHubName());
        }
    }

    @Test
    void theServiceApiDescribesTheEndpointAsIotHubsResourceDoes() {
        JsonObject endpoint = JsonParser.parseString(api.call("GET", "/eventHubEndpoints/events?api-version=2021-04-12",
                null, api.ownerToken()).body()).getAsJsonObject();
        assertEquals(EVENT_HUB, endpoint.get("path").getAsString());
        assertEquals(PARTITIONS, endpoint.get("partitionCount").getAsInt());
        List<String> ids = new ArrayList<>();
        endpoint.get("partitionIds").getAsJsonArray().forEach(id -> ids.add(id.getAsString()));
        assertEquals(List.of("0", "1", "2", "3"), ids);
        assertEquals(1, endpoint.get("retentionTimeInDays").getAsInt());
        assertTrue(endpoint.get("endpoint").getAsString().startsWith("sb://"));
    }

    @Test
    void eventsOutliveARestartOfTheHub() throws Exception {
        String id = "eh-restart-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        sendEvents(id, device.getPrimaryKey(), 0, 2);
        HubUnderTest.restart();
        sendEvents(id, device.getPrimaryKey(), 2, 3);
        try (EventHubConsumerClient consumer = consumer()) {
            List<PartitionEvent> mine = eventsOf(id, consumer.receiveFromPartition(partitionOf(id), 10_000,
                    EventPosition.earliest(), Duration.ofSeconds(10)));
            assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}"),
                    mine.stream().map(event -> event.getData().getBodyAsString()).toList());
            assertTrue(mine.get(1).getData().getSequenceNumber() < mine.get(2).getData().getSequenceNumber(),
                    "numbering goes on after the restart");
        }
    }

    @Test
    void aDevicesEventsAreReadInOrderFromTheStartAndAgainFromAStoredOffsetWithoutGapOrDuplicate() throws Exception {
        String id = "eh-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        sendEvents(id, device.getPrimaryKey(), 0, 3);
        String partition = partitionOf(id);
        try (EventHubConsumerClient consumer = consumer()) {
            List<PartitionEvent> mine = eventsOf(id, consumer.receiveFromPartition(partition, 10_000,
                    EventPosition.earliest(), Duration.ofSeconds(10)));
            assertEquals(3, mine.size(), "all three events, once each");
            for (int i = 0; i < 3; i++) {
                assertEquals("{\"n\":" + i + "}", mine.get(i).getData().getBodyAsString());
                assertNotNull(mine.get(i).getData().getEnqueuedTime());
            }
            assertTrue(mine.get(0).getData().getSequenceNumber() < mine.get(1).getData().getSequenceNumber());

            long secondOffset = mine.get(1).getData().getOffset();
            List<PartitionEvent> after = eventsOf(id, consumer.receiveFromPartition(partition, 100,
                    EventPosition.fromOffset(secondOffset), Duration.ofSeconds(5)));
            assertEquals(1, after.size(), "after the second event's offset comes the third alone");
            assertEquals("{\"n\":2}", after.get(0).getData().getBodyAsString());
        }
    }

    /** Events {@code {"n":from}} to {@code {"n":to-1}} from the device over MQTT, each acknowledged. */
    private static void sendEvents(String deviceId, String key, int from, int to) throws Exception {
        DeviceClient client = new DeviceClient(ConnectionStrings.device(api.host(), deviceId, key),
                IotHubClientProtocol.MQTT, ClientOptions.builder()
                        .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString())).build());
        client.open(false);
        try {
            for (int i = from; i < to; i++) {
                client.sendEvent(new com.microsoft.azure.sdk.iot.device.Message("{\"n\":" + i + "}"));
            }
        } finally {
            client.close();
        }
    }

    private static List<PartitionEvent> eventsOf(String deviceId, IterableStream<PartitionEvent> events) {
        List<PartitionEvent> mine = new ArrayList<>();
        for (PartitionEvent event : events) {
            if (deviceId.equals(event.getData().getSystemProperties().get("iothub-connection-device-id"))) {
                mine.add(event);
            }
        }
        return mine;
    }
}
