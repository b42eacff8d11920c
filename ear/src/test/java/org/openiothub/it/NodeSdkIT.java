package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

/**
 * The official Node.js SDKs against the hub: {@code @azure/event-hubs} reading the built-in endpoint,
 * {@code azure-iot-device} over AMQP and MQTT (each on its own port and over WebSockets) and over HTTPS, and
 * {@code azure-iothub}'s registry and messaging, each run as a script of {@code src/test/node} and checked against
 * what the Java SDKs observe. Only in the Maven profile {@code node}, after {@code npm ci} in that folder.
 */
class NodeSdkIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final int EVENTS = 3;

    private static RegistryClient registry;
    private static TwinClient twins;
    private static DirectMethodsClient methods;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        twins = new TwinClient(HubUnderTest.ownerConnectionString());
        methods = new DirectMethodsClient(HubUnderTest.ownerConnectionString());
        api = new ServiceApi();
    }

    @Test
    void theEventHubsConsumerReadsEveryPartitionFromTheStartAndADevicesEventsAgainFromAStoredPosition() throws Exception {
        String id = "node-eh-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        EventHubIT.sendEvents(id, device.getPrimaryKey(), 0, EVENTS);

        JsonObject result = NodeScript.of("read-events.js", Map.of("DEVICE_ID", id,
                "EVENTHUB_CONNECTION_STRING", HubUnderTest.get().eventHubConnectionString())).run(SCRIPT_TIMEOUT);

        JsonObject eventHub = result.getAsJsonObject("eventHub");
        assertEquals(EventHubIT.EVENT_HUB, eventHub.get("name").getAsString());
        assertEquals(List.of("0", "1", "2", "3"), strings(eventHub.getAsJsonArray("partitionIds")));
        assertTrue(eventHub.has("createdOn"), "the Event Hub's creation time");
        for (JsonElement element : result.getAsJsonArray("partitions")) {
            assertReadWithoutGapOrDuplicate(element.getAsJsonObject());
        }

        List<JsonObject> mine = objects(result.getAsJsonArray("deviceEvents"));
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}"), field(mine, "body"), "the device's events, once each");
        String partition = EventHubIT.partitionOf(id);
        assertEquals(List.of(partition, partition, partition), field(mine, "partitionId"));
        List<PartitionEvent> readByJava = EventHubIT.eventsOf(id,
                EventHubIT.readToTheEnd("$Default", partition, EventPosition.earliest()));
        assertEquals(readByJava.stream().map(event -> Long.toString(event.getData().getSequenceNumber())).toList(),
                field(mine, "sequenceNumber"), "the sequence numbers the Java SDK reads");
        assertEquals(readByJava.stream().map(event -> event.getData().getOffsetString()).toList(),
                field(mine, "offset"), "the offsets the Java SDK reads");
        mine.forEach(event -> assertTrue(event.has("enqueuedTimeUtc"), "an enqueued time: " + event));

        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), field(objects(result.getAsJsonArray("afterSequenceNumber")), "body"),
                "after the first event's sequence number");
        assertEquals(List.of("{\"n\":2}"), field(objects(result.getAsJsonArray("afterOffset")), "body"),
                "after the second event's offset");
    }

    /** A partition's properties, and its events read from the earliest: each sequence number from first to last once. */
    private static void assertReadWithoutGapOrDuplicate(JsonObject partition) {
        String id = partition.get("id").getAsString();
        assertEquals(EventHubIT.EVENT_HUB, partition.get("eventHubName").getAsString(), "partition " + id);
        JsonObject read = partition.getAsJsonObject("read");
        if (partition.get("isEmpty").getAsBoolean()) {
            assertEquals(0, read.get("count").getAsInt(), "nothing read from the empty partition " + id);
            return;
        }
        long first = partition.get("beginningSequenceNumber").getAsLong();
        long last = partition.get("lastEnqueuedSequenceNumber").getAsLong();
        assertTrue(partition.has("lastEnqueuedOffset") && partition.has("lastEnqueuedOnUtc"), partition.toString());
        assertEquals(first, read.get("first").getAsLong(), "partition " + id + " read from its beginning");
        assertEquals(last, read.get("last").getAsLong(), "partition " + id + " read to its last event");
        assertEquals(0, read.get("outOfTurn").getAsInt(), "partition " + id + ": a gap or a duplicate");
        assertEquals(last - first + 1, read.get("count").getAsLong(), "partition " + id + ": every event once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"amqp", "amqpws", "mqtt", "mqttws"})
    void theDeviceSdkSendsTelemetryUsesItsTwinAndGetsAMessageAndAMethodCall(String transport) throws Exception {
        String id = "node-" + transport + "-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        Twin twin = twins.get(id);
        twin.getDesiredProperties().put("color", "red");
        twins.patch(twin);
        queueMessage(id, transport);
        // The hub holds the call until the device connects and subscribes to methods.
        CompletableFuture<DirectMethodResponse> call = CompletableFuture.supplyAsync(() -> invokeEcho(id));

        JsonObject result = NodeScript.of("device.js", Map.of("TRANSPORT", transport, "EVENTS", Integer.toString(EVENTS),
                "DEVICE_CONNECTION_STRING", ConnectionStrings.device(api.host(), id, device.getPrimaryKey())))
                .run(SCRIPT_TIMEOUT);

        DirectMethodResponse answer = call.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.getStatus());
        assertEquals(72, answer.getPayloadAsJsonElement().getAsJsonObject().get("level").getAsInt(), "the payload echoed");
        assertEquals("echo", result.getAsJsonObject("method").get("name").getAsString());

        assertMessageCompleted(id, transport, result, "room");

        assertEquals("red", result.getAsJsonObject("desired").get("color").getAsString(), "the desired property read");
        Map<?, ?> reported = (Map<?, ?>) twins.get(id).getReportedProperties().get("nodeSdk");
        assertNotNull(reported, "the reported property in the twin");
        assertEquals(transport, reported.get("transport"));

        List<PartitionEvent> events = telemetryOf(id);
        assertEquals(strings(result.getAsJsonArray("sent")), events.stream().map(event -> event.getData().getMessageId()).toList());
        for (int n = 0; n < EVENTS; n++) {
            assertEquals("application/json", events.get(n).getData().getContentType());
        }
    }

    /**
     * Over HTTPS the SDK sends a batch's messages with their bodies and application properties only (no message id,
     * no content type), and hands over a received message's application properties under their header names.
     */
    @Test
    void theDeviceSdkOverHttpsSendsAMessageAndABatchAndCompletesAPolledMessage() throws Exception {
        String id = "node-http-" + UUID.randomUUID();
        Device device = registry.addDevice(new Device(id));
        queueMessage(id, "http");

        JsonObject result = NodeScript.of("http-device.js", Map.of("EVENTS", Integer.toString(EVENTS),
                "DEVICE_CONNECTION_STRING", ConnectionStrings.device(api.host(), id, device.getPrimaryKey())))
                .run(SCRIPT_TIMEOUT);

        assertMessageCompleted(id, "http", result, "iothub-app-room");
        List<PartitionEvent> events = telemetryOf(id);
        assertEquals(strings(result.getAsJsonArray("sent")).get(0), events.get(0).getData().getMessageId(),
                "the single message's id");
        assertEquals("application/json", events.get(0).getData().getContentType());
    }

    /** Queues {@code {"on":true}} for the device, id {@code c2d-<transport>}, with the property room=kitchen. */
    private static void queueMessage(String deviceId, String transport) {
        ServiceApi.Reply queued = api.call("POST", "/devices/" + deviceId + "/messages/deviceBound", "{\"on\":true}",
                Map.of("Authorization", api.ownerToken(), "iothub-messageid", "c2d-" + transport,
                        "iothub-app-room", "kitchen"));
        assertEquals(204, queued.status(), queued.body());
    }

    /** The message {@link #queueMessage} queued, as the script received it (room under {@code room}), completed. */
    private static void assertMessageCompleted(String deviceId, String transport, JsonObject result, String room)
            throws Exception {
        JsonObject message = result.getAsJsonObject("cloudToDevice");
        assertEquals("c2d-" + transport, message.get("messageId").getAsString());
        assertEquals("{\"on\":true}", message.get("body").getAsString());
        assertEquals("kitchen", message.getAsJsonObject("properties").get(room).getAsString(), message.toString());
        PendingMessages.awaitCount(registry, deviceId, 0);
    }

    /** The device's events on the built-in endpoint: {"n":0} ... in order, once each, each with its property n. */
    private static List<PartitionEvent> telemetryOf(String deviceId) {
        List<PartitionEvent> events = EventHubIT.eventsOf(deviceId,
                EventHubIT.readToTheEnd("$Default", EventHubIT.partitionOf(deviceId), EventPosition.earliest()));
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}"), EventHubIT.bodies(events),
                "the telemetry, once each");
        for (int n = 0; n < EVENTS; n++) {
            assertEquals(Integer.toString(n), events.get(n).getData().getProperties().get("n"));
        }
        return events;
    }

    private static DirectMethodResponse invokeEcho(String deviceId) {
        try {
            return methods.invoke(deviceId, "echo", DirectMethodRequestOptions.builder().payload(Map.of("level", 72))
                    .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(60).build());
        } catch (Exception e) {
            throw new IllegalStateException("The call of echo on " + deviceId + " failed: " + e.getMessage(), e);
        }
    }

    @Test
    void theServiceSdkCreatesADeviceAndSendsItAMessageWhoseFeedbackItReads() throws Exception {
        String id = "node-service-" + UUID.randomUUID();
        JsonObject created = NodeScript.of("create-device.js", Map.of("DEVICE_ID", id,
                "IOTHUB_CONNECTION_STRING", HubUnderTest.ownerConnectionString())).run(SCRIPT_TIMEOUT);
        assertEquals(id, created.getAsJsonObject("created").get("deviceId").getAsString());
        JsonObject read = created.getAsJsonObject("read");
        assertEquals(id, read.get("deviceId").getAsString());
        assertEquals("enabled", read.get("status").getAsString());
        assertEquals(created.getAsJsonObject("created").get("etag").getAsString(), read.get("etag").getAsString());
        Device device = registry.getDevice(id);
        assertEquals(device.getPrimaryKey(), read.get("primaryKey").getAsString(), "the registry's generated key");

        String messageId = "node-c2d-" + UUID.randomUUID();
        JsonObject feedback;
        Message received;
        try (DeviceSdkReceiver receiver = DeviceSdkReceiver.open(api.host(), device)) {
            feedback = NodeScript.of("send-c2d.js", Map.of("DEVICE_ID", id, "MESSAGE_ID", messageId,
                    "IOTHUB_CONNECTION_STRING", HubUnderTest.ownerConnectionString())).run(SCRIPT_TIMEOUT)
                    .getAsJsonObject("feedback");
            received = receiver.next(Duration.ofSeconds(10));
        }
        assertNotNull(received, "the device got the message");
        assertEquals(messageId, received.getMessageId());
        assertEquals("{\"from\":\"azure-iothub\"}", new String(received.getBytes(), StandardCharsets.UTF_8));
        assertEquals("green", received.getProperty("color"));
        assertEquals("Success", feedback.get("statusCode").getAsString());
        assertEquals(id, feedback.get("deviceId").getAsString());
        assertFalse(feedback.get("enqueuedTimeUtc").getAsString().isEmpty());
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        array.forEach(element -> objects.add(element.getAsJsonObject()));
        return objects;
    }

    private static List<String> strings(JsonArray array) {
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.getAsString()));
        return strings;
    }

    private static List<String> field(List<JsonObject> objects, String name) {
        return objects.stream().map(object -> object.get(name).getAsString()).toList();
    }
}
