package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.it.EventHubIT.afterTheLastEventOf;
import static org.openiothub.it.EventHubIT.bodies;
import static org.openiothub.it.EventHubIT.deviceIdOf;
import static org.openiothub.it.EventHubIT.eventsOf;
import static org.openiothub.it.EventHubIT.partitionOf;
import static org.openiothub.it.EventHubIT.readToTheEnd;
import static org.openiothub.it.EventHubIT.sendEvents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventProcessorClient;
import com.azure.messaging.eventhubs.EventProcessorClientBuilder;
import com.azure.messaging.eventhubs.LoadBalancingStrategy;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

import reactor.core.Disposable;

/**
 * The built-in endpoint read by the Java Event Hubs SDK the ways back ends read it: an {@code EventProcessorClient}
 * checkpointing, consumer groups of the service API, start positions, owner levels, and telemetry from the device
 * SDK's AMQP transport.
 */
class EventHubReadersIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RegistryClient registry;
    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        registry = new RegistryClient(HubUnderTest.ownerConnectionString());
        api = EventHubIT.api();
    }

    private static EventHubClientBuilder builder(String consumerGroup) {
        return new EventHubClientBuilder().connectionString(HubUnderTest.get().eventHubConnectionString())
                .consumerGroup(consumerGroup);
    }

    /** A device registered for one test, its partition and where a reader of it gets only the device's new events. */
    private record NewDevice(String id, String key, String partition, EventPosition start) {

        static NewDevice create(String prefix) throws Exception {
            Device device = registry.addDevice(new Device(prefix + "-" + UUID.randomUUID()));
            String partition = partitionOf(device.getDeviceId());
            return new NewDevice(device.getDeviceId(), device.getPrimaryKey(), partition, afterTheLastEventOf(partition));
        }

        /** Sends events {@code {"n":from}} to {@code {"n":to-1}} over MQTT. */
        void send(int from, int to) throws Exception {
            sendEvents(id, key, from, to);
        }
    }

    @Test
    void anEventProcessorGetsEveryEventOnceAndAfterARestartOnlyTheNewOnes() throws Exception {
        List<Device> devices = new ArrayList<>();
        Set<String> partitions = new HashSet<>();
        while (devices.size() < 3) {
            String id = "eh-processor-" + UUID.randomUUID();
            if (partitions.add(partitionOf(id))) {
                devices.add(registry.addDevice(new Device(id)));
            }
        }
        Map<String, EventPosition> start = new HashMap<>();
        for (String partition : List.of("0", "1", "2", "3")) {
            start.put(partition, afterTheLastEventOf(partition));
        }
        InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();

        EventProcessorClient first = processor(store, start, received, errors);
        first.start();
        try {
            for (Device device : devices) {
                sendEvents(device.getDeviceId(), device.getPrimaryKey(), 0, 2);
            }
            waitFor(() -> count(received) >= 6, () -> "the processor gets all six events: " + received + ", errors " + errors);
            Thread.sleep(1000); // a duplicate would come now
            // What the processor reports while stopping (its schedulers going away) is the SDK's own business.
            assertEquals(List.of(), List.copyOf(errors), "errors while the processor ran");
        } finally {
            first.stop();
        }
        for (Device device : devices) {
            assertEquals(List.of("{\"n\":0}", "{\"n\":1}"), received.get(device.getDeviceId()), device.getDeviceId());
        }
        assertTrue(store.checkpoints().size() >= 3, "a checkpoint for each device's partition: " + store.checkpoints());

        for (Device device : devices) {
            sendEvents(device.getDeviceId(), device.getPrimaryKey(), 2, 4);
        }
        received.clear();
        errors.clear();
        EventProcessorClient second = processor(store, start, received, errors);
        second.start();
        try {
            waitFor(() -> count(received) >= 6, () -> "the new processor gets the six new events: " + received + ", errors " + errors);
            Thread.sleep(1000);
            assertEquals(List.of(), List.copyOf(errors), "errors while the new processor ran");
        } finally {
            second.stop();
        }
        for (Device device : devices) {
            assertEquals(List.of("{\"n\":2}", "{\"n\":3}"), received.get(device.getDeviceId()),
                    "from the checkpoint on, no gap and no duplicate: " + device.getDeviceId());
        }
    }

    private static EventProcessorClient processor(InMemoryCheckpointStore store, Map<String, EventPosition> start,
            Map<String, List<String>> received, List<Throwable> errors) {
        return new EventProcessorClientBuilder().connectionString(HubUnderTest.get().eventHubConnectionString())
                .consumerGroup("$Default").checkpointStore(store).loadBalancingStrategy(LoadBalancingStrategy.GREEDY)
                .loadBalancingUpdateInterval(Duration.ofSeconds(1)).initialPartitionEventPosition(start)
                .processEvent(context -> {
                    Object device = context.getEventData().getSystemProperties().get("iothub-connection-device-id");
                    if (device instanceof String id && id.startsWith("eh-processor-")) {
                        received.computeIfAbsent(id, ignored -> Collections.synchronizedList(new ArrayList<>()))
                                .add(context.getEventData().getBodyAsString());
                    }
                    context.updateCheckpoint();
                })
                .processError(context -> errors.add(context.getThrowable()))
                .buildEventProcessorClient();
    }

    private static int count(Map<String, List<String>> received) {
        return received.values().stream().mapToInt(List::size).sum();
    }

    @Test
    void aConsumerGroupOfTheServiceApiReadsTheSameEventsIndependentlyOfDefault() throws Exception {
        String group = "eh-group-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.call("PUT", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken()).status());
        try {
            NewDevice device = NewDevice.create("eh-group");
            String id = device.id();
            device.send(0, 2);

            List<String> expected = List.of("{\"n\":0}", "{\"n\":1}");
            assertEquals(expected, bodies(eventsOf(id, readToTheEnd(group, device.partition(), device.start()))));
            assertEquals(expected, bodies(eventsOf(id, readToTheEnd("$Default", device.partition(), device.start()))),
                    "reading in one group takes nothing from another");
            assertEquals(expected, bodies(eventsOf(id, readToTheEnd(group, device.partition(), device.start()))), "nor from itself");
            assertEquals(expected, bodies(eventsOf(id, readToTheEnd(group.toUpperCase(Locale.ROOT), device.partition(), device.start()))),
                    "Event Hubs names consumer groups in any case");
            assertEquals(409, api.call("PUT", "/eventHubEndpoints/events/consumerGroups/" + group.toUpperCase(Locale.ROOT),
                    null, api.ownerToken()).status(), "a group of the same name in another case is the same group");
        } finally {
            api.call("DELETE", "/eventHubEndpoints/events/consumerGroups/" + group, null, api.ownerToken());
        }
    }

    @Test
    void anUnknownConsumerGroupIsNotFoundForGood() {
        EventHubConsumerAsyncClient consumer = builder("no-such-group").buildAsyncConsumerClient();
        try {
            Throwable error = assertThrows(Throwable.class,
                    () -> consumer.receiveFromPartition("0", EventPosition.earliest()).blockFirst(WAIT));
            AmqpException amqp = assertInstanceOf(AmqpException.class, error, "not a timeout of endless retries");
            assertEquals(AmqpErrorCondition.NOT_FOUND, amqp.getErrorCondition());
            assertFalse(amqp.isTransient());
        } finally {
            consumer.close();
        }
    }

    @Test
    void theLatestPositionGetsOnlyEventsSentAfterTheReceiverOpened() throws Exception {
        NewDevice device = NewDevice.create("eh-latest");
        String id = device.id();
        device.send(0, 1);
        List<String> received = new CopyOnWriteArrayList<>();
        EventHubConsumerAsyncClient consumer = builder("$Default").buildAsyncConsumerClient();
        Disposable subscription = consumer.receiveFromPartition(partitionOf(id), EventPosition.latest())
                .filter(event -> id.equals(deviceIdOf(event)))
                .subscribe(event -> received.add(event.getData().getBodyAsString()));
        try {
            // The receiver opens some time after the subscription: send until one arrives.
            int sent = 1;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                device.send(sent, sent + 1);
                sent++;
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (received.isEmpty() && System.nanoTime() < next) {
                    Thread.sleep(20);
                }
            }
            int last = sent - 1;
            waitFor(() -> received.contains("{\"n\":" + last + "}"), "the last event sent");
            assertFalse(received.contains("{\"n\":0}"), "the event sent before the receiver: " + received);
            int firstReceived = Integer.parseInt(received.get(0).replaceAll("\\D", ""));
            List<String> expected = new ArrayList<>();
            for (int n = firstReceived; n <= last; n++) {
                expected.add("{\"n\":" + n + "}");
            }
            assertEquals(expected, received, "from the first event after the receiver opened, all in order");
        } finally {
            subscription.dispose();
            consumer.close();
        }
    }

    @Test
    void readersStartFromAnEnqueuedTimeOrASequenceNumber() throws Exception {
        NewDevice device = NewDevice.create("eh-position");
        String id = device.id();
        device.send(0, 1);
        Thread.sleep(50); // the next event's enqueued time is a later millisecond
        device.send(1, 3);
        List<PartitionEvent> all = eventsOf(id, readToTheEnd("$Default", device.partition(), device.start()));
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}"), bodies(all));
        EventData first = all.get(0).getData();
        EventData second = all.get(1).getData();

        Instant firstEnqueued = first.getEnqueuedTime();
        assertTrue(firstEnqueued.isBefore(second.getEnqueuedTime()));
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"),
                bodies(eventsOf(id, readToTheEnd("$Default", device.partition(), EventPosition.fromEnqueuedTime(firstEnqueued)))),
                "the events enqueued after the time");
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), bodies(eventsOf(id, readToTheEnd("$Default", device.partition(),
                EventPosition.fromSequenceNumber(second.getSequenceNumber(), true)))), "from the sequence number on");
        assertEquals(List.of("{\"n\":2}"), bodies(eventsOf(id, readToTheEnd("$Default", device.partition(),
                EventPosition.fromSequenceNumber(second.getSequenceNumber())))), "after the sequence number");
    }

    @Test
    void aReceiverWithAHigherOwnerLevelTakesThePartition() throws Exception {
        NewDevice device = NewDevice.create("eh-epoch");
        String id = device.id();
        device.send(0, 1);

        EventHubConsumerAsyncClient lowClient = builder("$Default").buildAsyncConsumerClient();
        EventHubConsumerAsyncClient highClient = builder("$Default").buildAsyncConsumerClient();
        EventHubConsumerAsyncClient lateClient = builder("$Default").buildAsyncConsumerClient();
        List<String> low = new CopyOnWriteArrayList<>();
        List<String> high = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> lowError = new AtomicReference<>();
        AtomicReference<Throwable> lateError = new AtomicReference<>();
        List<Disposable> subscriptions = new ArrayList<>();
        try {
            subscriptions.add(lowClient.receiveFromPartition(device.partition(), device.start(), new ReceiveOptions().setOwnerLevel(0L))
                    .filter(event -> id.equals(deviceIdOf(event)))
                    .subscribe(event -> low.add(event.getData().getBodyAsString()), lowError::set));
            waitFor(() -> !low.isEmpty(), "the owner level 0 receiver reads");

            subscriptions.add(highClient.receiveFromPartition(device.partition(), device.start(), new ReceiveOptions().setOwnerLevel(1L))
                    .filter(event -> id.equals(deviceIdOf(event)))
                    .subscribe(event -> high.add(event.getData().getBodyAsString())));
            waitFor(() -> lowError.get() != null, "the owner level 0 receiver is disconnected");
            AmqpException stolen = assertInstanceOf(AmqpException.class, lowError.get());
            assertEquals(AmqpErrorCondition.LINK_STOLEN, stolen.getErrorCondition());
            waitFor(() -> !high.isEmpty(), "the owner level 1 receiver reads");
            assertEquals(List.of("{\"n\":0}"), high);

            subscriptions.add(lateClient.receiveFromPartition(device.partition(), device.start(), new ReceiveOptions().setOwnerLevel(0L))
                    .subscribe(event -> { }, lateError::set));
            waitFor(() -> lateError.get() != null, "a lower owner level is refused while a higher one reads");
            assertEquals(AmqpErrorCondition.LINK_STOLEN,
                    assertInstanceOf(AmqpException.class, lateError.get()).getErrorCondition());
        } finally {
            subscriptions.forEach(Disposable::dispose);
            lowClient.close();
            highClient.close();
            lateClient.close();
        }
    }

    @Test
    void telemetryOfTheDeviceSdksAmqpTransportIsReadWithItsProperties() throws Exception {
        NewDevice device = NewDevice.create("eh-amqp");
        String id = device.id();
        sendEvents(id, device.key(), IotHubClientProtocol.AMQPS, 0, 2);

        List<PartitionEvent> mine = eventsOf(id, readToTheEnd("$Default", device.partition(), device.start()));
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}"), bodies(mine));
        for (int n = 0; n < 2; n++) {
            EventData event = mine.get(n).getData();
            assertEquals(Integer.toString(n), event.getProperties().get("n"), "the application property");
            assertEquals(id, event.getSystemProperties().get("iothub-connection-device-id"));
            assertNotNull(event.getEnqueuedTime());
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        waitFor(condition, () -> what);
    }

    private static void waitFor(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + WAIT.toSeconds() + " s for " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
