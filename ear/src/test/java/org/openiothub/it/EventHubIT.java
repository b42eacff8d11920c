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

import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
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
        List<PartitionEvent> mine = eventsOf(id, readToTheEnd("$Default", partitionOf(id), EventPosition.earliest()));
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}"), bodies(mine));
        assertTrue(mine.get(1).getData().getSequenceNumber() < mine.get(2).getData().getSequenceNumber(),
                "numbering goes on after the restart");
    }

    @Test
    void aDevicesEventsAreReadInOrderFromTheStartAndAgainFromAStoredOffsetWithoutGapOrDuplicate() throws Exception {
        String id = "eh-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        sendEvents(id, device.getPrimaryKey(), 0, 3);
        String partition = partitionOf(id);
        List<PartitionEvent> mine = eventsOf(id, readToTheEnd("$Default", partition, EventPosition.earliest()));
        assertEquals(3, mine.size(), "all three events, once each");
        for (int i = 0; i < 3; i++) {
            assertEquals("{\"n\":" + i + "}", mine.get(i).getData().getBodyAsString());
            assertNotNull(mine.get(i).getData().getEnqueuedTime());
        }
        assertTrue(mine.get(0).getData().getSequenceNumber() < mine.get(1).getData().getSequenceNumber());

        long secondOffset = mine.get(1).getData().getOffset();
        List<PartitionEvent> after = eventsOf(id, readToTheEnd("$Default", partition, EventPosition.fromOffset(secondOffset)));
        assertEquals(List.of("{\"n\":2}"), bodies(after), "after the second event's offset comes the third alone");
    }

    /** Events {@code {"n":from}} to {@code {"n":to-1}} from the device over MQTT, each acknowledged. */
    static void sendEvents(String deviceId, String key, int from, int to) throws Exception {
        sendEvents(deviceId, key, IotHubClientProtocol.MQTT, from, to);
    }

    /** Events {@code {"n":from}} to {@code {"n":to-1}} from the device over {@code protocol}, each acknowledged. */
    static void sendEvents(String deviceId, String key, IotHubClientProtocol protocol, int from, int to) throws Exception {
        DeviceClient client = new DeviceClient(ConnectionStrings.device(api().host(), deviceId, key), protocol,
                ClientOptions.builder()
                        .sslContext(IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString())).build());
        client.open(false);
        try {
            for (int i = from; i < to; i++) {
                com.microsoft.azure.sdk.iot.device.Message message = new com.microsoft.azure.sdk.iot.device.Message("{\"n\":" + i + "}");
                message.setProperty("n", Integer.toString(i));
                client.sendEvent(message);
            }
        } finally {
            client.close();
        }
    }

    /**
     * Where a reader of {@code partition} starts to get only the events enqueued from now on: after its last event,
     * or at the start of an empty partition.
     */
    static EventPosition afterTheLastEventOf(String partition) {
        try (EventHubConsumerClient consumer = consumer()) {
            PartitionProperties properties = consumer.getPartitionProperties(partition);
            return properties.isEmpty() ? EventPosition.earliest()
                    : EventPosition.fromSequenceNumber(properties.getLastEnqueuedSequenceNumber(), false);
        }
    }

    /**
     * The events of {@code partition} from {@code position} up to its last one at the time of the call, read by
     * the asynchronous consumer of {@code consumerGroup}: done as soon as the last one came, not after a wait.
     */
    static List<PartitionEvent> readToTheEnd(String consumerGroup, String partition, EventPosition position) {
        EventHubConsumerAsyncClient consumer = new EventHubClientBuilder()
                .connectionString(HubUnderTest.get().eventHubConnectionString()).consumerGroup(consumerGroup)
                .buildAsyncConsumerClient();
        try {
            PartitionProperties properties = consumer.getPartitionProperties(partition).block(Duration.ofSeconds(10));
            if (properties.isEmpty()) {
                return List.of();
            }
            long last = properties.getLastEnqueuedSequenceNumber();
            return consumer.receiveFromPartition(partition, position)
                    .takeUntil(event -> event.getData().getSequenceNumber() >= last)
                    .collectList().block(Duration.ofSeconds(20));
        } finally {
            consumer.close();
        }
    }

    /** The events of {@code deviceId} among {@code events}, in their order. */
    static List<PartitionEvent> eventsOf(String deviceId, Iterable<PartitionEvent> events) {
        List<PartitionEvent> mine = new ArrayList<>();
        for (PartitionEvent event : events) {
            if (deviceId.equals(deviceIdOf(event))) {
                mine.add(event);
            }
        }
        return mine;
    }

    static Object deviceIdOf(PartitionEvent event) {
        return event.getData().getSystemProperties().get("iothub-connection-device-id");
    }

    static List<String> bodies(List<PartitionEvent> events) {
        return events.stream().map(event -> event.getData().getBodyAsString()).toList();
    }

    static ServiceApi api() {
        if (api == null) {
            api = new ServiceApi();
        }
        return api;
    }
}
