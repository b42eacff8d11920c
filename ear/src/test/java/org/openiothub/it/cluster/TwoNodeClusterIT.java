package org.openiothub.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;

import org.apache.qpid.protonj2.client.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openiothub.it.EventsReader;
import org.openiothub.it.HubUnderTest;
import org.openiothub.it.SasTokens;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.transport.NoRetry;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

import reactor.core.Disposable;

/**
 * Two nodes of one hub on this machine form one cluster on WildFly's own clustering: one JGroups view, bridged
 * brokers, telemetry a device sends to one node read by a back end connected to the other, and one Event Hub whose
 * partitions both nodes write and read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterIT {

    private static final Duration BOOT = Duration.ofMinutes(5);

    private static HubNode nodeA;
    private static HubNode nodeB;
    private static String ownerKey;
    private static SSLContext tls;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Path clusterDir = Path.of(System.getProperty("hub.it.cluster.dir", "target/it-cluster")).toAbsolutePath();
        HubUnderTest.deleteRecursively(clusterDir);
        HubUnderTest.database().ifPresent(HubUnderTest::emptyDatabase);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ownerKey = Base64.getEncoder().encodeToString(key);
        nodeA = HubNode.starting(1, 2, clusterDir, ownerKey);
        // The second node starts once the first holds the JGroups channel, so that it joins that view rather than
        // forming its own and merging later; the rest of the two boots overlaps.
        nodeA.awaitChannelConnected(BOOT);
        nodeB = HubNode.starting(2, 2, clusterDir, ownerKey);
        nodeA.awaitStarted(BOOT);
        nodeB.awaitStarted(BOOT);
        tls = IotHubSSLContext.getSSLContextFromFile(nodeA.caCertificate().toString());
        HubUnderTest.trustByDefault(nodeA.caCertificate(), clusterDir.resolve("truststore.p12"));
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    @Order(1)
    void theNodesShareOneJGroupsViewAndBridgeTheirBrokers() throws Exception {
        assertEquals(nodeA.caCertificate(), nodeB.caCertificate(), "the nodes must serve certificates of one CA");
        String view = nodeB.awaitLine(line -> line.contains("WFLYCLJG0033") && line.contains("(2) [node1"), Duration.ofSeconds(30));
        assertNotNull(view, "node2 did not join a view of two members with node1");
        for (HubNode node : new HubNode[] {nodeA, nodeB}) {
            String bridge = node.awaitLine(line -> line.contains("AMQ221027") && line.contains("is connected"),
                    Duration.ofSeconds(60));
            assertNotNull(bridge, "node" + node.number + " has no connected cluster bridge");
        }
    }

    @Test
    @Order(2)
    void anEventSentToOneNodeIsReadByABackEndOnTheOther() throws Exception {
        assertEventCrosses(nodeA, nodeB);
        assertEventCrosses(nodeB, nodeA);
    }

    @Test
    @Order(2)
    void eachPartitionIsOneLogThatEveryNodeWritesAndEveryNodeReads() throws Exception {
        String deviceId = "log-" + UUID.randomUUID();
        String deviceKey = register(nodeA, deviceId);
        sendEvents(nodeA, deviceId, deviceKey, "a1", "a2", "a3");
        sendEvents(nodeB, deviceId, deviceKey, "b1", "b2", "b3");
        List<String> onA = eventHubEventsOf(nodeA, deviceId);
        List<String> onB = eventHubEventsOf(nodeB, deviceId);
        assertEquals(6, onA.size(), "node1's Event Hub has all six events of the device: " + onA);
        assertEquals(onA, onB, "both nodes read one log: the same partition, sequence numbers and order");
        assertEquals(List.of("a1", "a2", "a3", "b1", "b2", "b3"),
                onA.stream().map(event -> event.substring(event.lastIndexOf(' ') + 1)).toList());
        assertEquals(1, onA.stream().map(event -> event.substring(0, event.indexOf(' '))).distinct().count(),
                "one device's events are in one partition: " + onA);
    }

    @Test
    @Order(2)
    void aReceiverWithAHigherOwnerLevelOnOneNodeTakesThePartitionFromAReceiverOnTheOther() throws Exception {
        EventHubConsumerAsyncClient onA = eventHubBuilder(nodeA).buildAsyncConsumerClient();
        EventHubConsumerAsyncClient onB = eventHubBuilder(nodeB).buildAsyncConsumerClient();
        EventHubConsumerAsyncClient lateOnA = eventHubBuilder(nodeA).buildAsyncConsumerClient();
        AtomicReference<Throwable> errorOnA = new AtomicReference<>();
        AtomicReference<Throwable> errorOnB = new AtomicReference<>();
        AtomicReference<Throwable> lateError = new AtomicReference<>();
        List<Disposable> receivers = new ArrayList<>();
        try {
            receivers.add(onA.receiveFromPartition("1", EventPosition.latest(), new ReceiveOptions().setOwnerLevel(1L))
                    .subscribe(event -> { }, errorOnA::set));
            Thread.sleep(2_000);
            receivers.add(onB.receiveFromPartition("1", EventPosition.latest(), new ReceiveOptions().setOwnerLevel(2L))
                    .subscribe(event -> { }, errorOnB::set));
            awaitTrue(() -> errorOnA.get() != null, "node1's receiver with owner level 1 is disconnected");
            assertEquals(AmqpErrorCondition.LINK_STOLEN,
                    assertInstanceOf(AmqpException.class, errorOnA.get()).getErrorCondition());
            receivers.add(lateOnA.receiveFromPartition("1", EventPosition.latest(), new ReceiveOptions().setOwnerLevel(1L))
                    .subscribe(event -> { }, lateError::set));
            awaitTrue(() -> lateError.get() != null, "node1 refuses owner level 1 while node2 reads with 2");
            assertEquals(AmqpErrorCondition.LINK_STOLEN,
                    assertInstanceOf(AmqpException.class, lateError.get()).getErrorCondition());
            assertNull(errorOnB.get(), "node2's receiver keeps the partition");
        } finally {
            receivers.forEach(Disposable::dispose);
            onA.close();
            onB.close();
            lateOnA.close();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }

    private static EventHubClientBuilder eventHubBuilder(HubNode node) {
        return new EventHubClientBuilder()
                .connectionString("Endpoint=sb://" + node.address + "/;SharedAccessKeyName=iothubowner;SharedAccessKey="
                        + ownerKey + ";EntityPath=hub")
                .consumerGroup("$Default");
    }

    private static void sendEvents(HubNode node, String deviceId, String deviceKey, String... bodies) throws Exception {
        DeviceClient device = deviceOn(node, deviceId, deviceKey);
        device.open(false);
        try {
            for (String body : bodies) {
                device.sendEvent(new com.microsoft.azure.sdk.iot.device.Message(body));
            }
        } finally {
            device.close();
        }
    }

    /** The device's events as an Event Hubs reader on {@code node} sees them: "partition sequence-number body". */
    private static List<String> eventHubEventsOf(HubNode node, String deviceId) {
        EventHubConsumerClient consumer = eventHubBuilder(node).buildConsumerClient();
        try {
            List<String> events = new ArrayList<>();
            for (String partition : consumer.getPartitionIds()) {
                for (PartitionEvent event : consumer.receiveFromPartition(partition, 1_000, EventPosition.earliest(),
                        Duration.ofSeconds(3))) {
                    EventData data = event.getData();
                    if (deviceId.equals(data.getSystemProperties().get("iothub-connection-device-id"))) {
                        events.add(partition + " " + data.getSequenceNumber() + " " + data.getBodyAsString());
                    }
                }
            }
            return events;
        } finally {
            consumer.close();
        }
    }

    @Test
    @Order(3)
    void aBackEndOnOneNodeReachesADeviceConnectedToTheOther() throws Exception {
        assertBackEndOnBReaches(IotHubClientProtocol.MQTT);
    }

    @Test
    @Order(3)
    void aBackEndOnOneNodeReachesADeviceConnectedToTheOtherOverAmqp() throws Exception {
        assertBackEndOnBReaches(IotHubClientProtocol.AMQPS);
    }

    /** Methods, desired changes and cloud-to-device messages from node B reach a device on node A. */
    private static void assertBackEndOnBReaches(IotHubClientProtocol protocol) throws Exception {
        String deviceId = "cross-" + UUID.randomUUID();
        String deviceKey = register(nodeA, deviceId);
        BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> desired = new LinkedBlockingQueue<>();
        BlockingQueue<String> cloudToDevice = new LinkedBlockingQueue<>();
        DeviceClient device = deviceOn(nodeA, deviceId, deviceKey, protocol);
        device.setMessageCallback((message, context) -> {
            cloudToDevice.add(new String(message.getBytes(), StandardCharsets.UTF_8));
            return IotHubMessageResult.COMPLETE;
        }, null);
        device.open(false);
        try {
            device.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200,
                    Map.of("method", name, "answeredBy", "the device on node1")), null);
            device.subscribeToDesiredProperties((twin, context) -> desired.add(twin), null);
            assertEquals("Connected", awaitConnectionState(nodeB, deviceId, "Connected"),
                    "node2 does not see the device connected to node1");

            DirectMethodsClient methods = new DirectMethodsClient(ownerConnectionString(nodeB));
            var answer = methods.invoke(deviceId, "ping", DirectMethodRequestOptions.builder()
                    .payload(Map.of("from", "node2")).methodResponseTimeoutSeconds(30).build());
            assertEquals(200, answer.getStatus());
            assertEquals("ping", answer.getPayloadAsJsonElement().getAsJsonObject().get("method").getAsString());

            Twin change = new Twin(deviceId);
            change.getDesiredProperties().put("fan", 7);
            new TwinClient(ownerConnectionString(nodeB)).patch(change);
            assertNotNull(awaitDesired(desired, "fan", Duration.ofSeconds(30)),
                    "the desired change made on node2 did not reach the device on node1");

            String body = "{\"c2d\":\"from node2\"}";
            if (protocol == IotHubClientProtocol.AMQPS) {
                // the back end sends as the service SDK does, over AMQP to node 2
                MessagingClient messaging = new MessagingClient(ownerConnectionString(nodeB), IotHubServiceClientProtocol.AMQPS);
                messaging.open();
                try {
                    messaging.send(deviceId, new com.microsoft.azure.sdk.iot.service.messaging.Message(body));
                } finally {
                    messaging.close();
                }
            } else {
                assertEquals(204, sendCloudToDevice(nodeB, deviceId, body).statusCode());
            }
            assertEquals(body, cloudToDevice.poll(30, TimeUnit.SECONDS),
                    "the cloud-to-device message sent on node2 did not reach the device on node1");
            assertNull(cloudToDevice.poll(3, TimeUnit.SECONDS), "the message was delivered twice");
        } finally {
            device.close();
        }
        assertEquals("Disconnected", awaitConnectionState(nodeB, deviceId, "Disconnected"));
    }

    @Test
    @Order(4)
    void aSecondConnectionOnTheOtherNodeClosesTheFirst() throws Exception {
        String deviceId = "takeover-" + UUID.randomUUID();
        String deviceKey = register(nodeA, deviceId);
        BlockingQueue<IotHubConnectionStatus> statusOnA = new LinkedBlockingQueue<>();
        DeviceClient onA = deviceOn(nodeA, deviceId, deviceKey);
        onA.setConnectionStatusChangeCallback(context -> statusOnA.add(context.getNewStatus()), null);
        // Without it the SDK would connect again at once and close the connection on node2 in turn, as on IoT Hub.
        onA.setRetryPolicy(new NoRetry());
        onA.open(false);
        DeviceClient onB = deviceOn(nodeB, deviceId, deviceKey);
        try {
            statusOnA.clear();
            onB.open(false);
            IotHubConnectionStatus status = statusOnA.poll(30, TimeUnit.SECONDS);
            assertNotNull(status, "the connection on node1 was not closed when the device connected to node2");
            assertNotEquals(IotHubConnectionStatus.CONNECTED, status);
            onA.close();
            DirectMethodsClient methods = new DirectMethodsClient(ownerConnectionString(nodeA));
            onB.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200, Map.of("node", 2)), null);
            // Node 1 learns where the device is from its connection row, written as it connected: a call may wait for it.
            assertEquals(200, methods.invoke(deviceId, "where", DirectMethodRequestOptions.builder()
                    .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(10).build()).getStatus(),
                    "node1 does not reach the device on node2");
        } finally {
            onA.close();
            onB.close();
        }
    }

    /** Last: it kills node A. */
    @Test
    @Order(9)
    void whenANodeIsKilledItsEventsAreReadItsCallsTimeOutAndItsDevicesMoveToTheOther() throws Exception {
        String deviceId = "cluster-killed-" + UUID.randomUUID();
        String deviceKey = register(nodeA, deviceId);
        // A device on node A that takes a method call from a back end on node B and never answers it.
        String silentId = "cluster-silent-" + UUID.randomUUID();
        String silentKey = register(nodeA, silentId);
        DeviceClient silent = deviceOn(nodeA, silentId, silentKey);
        silent.open(false);
        silent.subscribeToMethods((name, payload, context) -> null, null);
        assertEquals("Connected", awaitConnectionState(nodeB, silentId, "Connected"));
        DirectMethodsClient methodsOnB = new DirectMethodsClient(ownerConnectionString(nodeB));
        CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return methodsOnB.invoke(silentId, "wait", DirectMethodRequestOptions.builder()
                        .methodResponseTimeoutSeconds(15).build());
            } catch (Exception e) {
                return e;
            }
        });
        String body = "{\"acknowledged\":\"before the kill\"}";
        // No back end reads anywhere: the event stays in node A's journal once A has acknowledged it.
        DeviceClient device = deviceOn(nodeA, deviceId, deviceKey);
        device.open(false);
        try {
            device.sendEvent(new com.microsoft.azure.sdk.iot.device.Message(body));
        } finally {
            device.close();
        }

        Thread.sleep(1000);
        nodeA.kill();
        Object outcome = inFlight.get(60, TimeUnit.SECONDS);
        assertTrue(outcome instanceof IotHubGatewayTimeoutException,
                "a method call in flight to a device of the killed node ended with " + outcome);
        silent.close();

        String scaledDown = nodeB.awaitLine(line -> line.contains("AMQ221066") || line.contains("AMQ221063")
                || line.contains("scale"), Duration.ofSeconds(90));
        try (EventsReader events = eventsOn(nodeB)) {
            Message<Object> event = events.next(deviceId, Duration.ofSeconds(90));
            assertNotNull(event, "the event node1 acknowledged before it was killed never reached node2 (" + scaledDown + ")");
            assertEquals(body, new String((byte[]) event.body(), StandardCharsets.UTF_8));
        }

        // The device reconnects, through the balancer's name, to the node that is left.
        DeviceClient again = deviceOn(nodeB, silentId, silentKey);
        again.open(false);
        try {
            again.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(200, Map.of("node", 2)), null);
            assertEquals(200, methodsOnB.invoke(silentId, "again", DirectMethodRequestOptions.builder()
                    .methodResponseTimeoutSeconds(30).build()).getStatus());
            assertEquals("Connected", awaitConnectionState(nodeB, silentId, "Connected"));
        } finally {
            again.close();
        }
    }

    /** A back end reading {@code $Default} from {@code node}. */
    private static EventsReader eventsOn(HubNode node) throws Exception {
        return EventsReader.open(node.address, "iothubowner", ownerToken(), "$Default");
    }

    private static DeviceClient deviceOn(HubNode node, String deviceId, String deviceKey) throws Exception {
        return deviceOn(node, deviceId, deviceKey, IotHubClientProtocol.MQTT);
    }

    private static DeviceClient deviceOn(HubNode node, String deviceId, String deviceKey, IotHubClientProtocol protocol)
            throws Exception {
        return new DeviceClient("HostName=" + node.address + ";DeviceId=" + deviceId + ";SharedAccessKey=" + deviceKey,
                protocol, ClientOptions.builder().sslContext(tls).build());
    }

    private static void assertEventCrosses(HubNode deviceNode, HubNode backEndNode) throws Exception {
        String deviceId = "cluster-" + UUID.randomUUID();
        String deviceKey = register(deviceNode, deviceId);
        try (EventsReader events = eventsOn(backEndNode)) {
            String body = "{\"from\":\"node" + deviceNode.number + "\"}";
            DeviceClient device = deviceOn(deviceNode, deviceId, deviceKey);
            device.open(false);
            try {
                device.sendEvent(new com.microsoft.azure.sdk.iot.device.Message(body));
            } finally {
                device.close();
            }
            Message<Object> event = events.next(deviceId, Duration.ofSeconds(30));
            assertNotNull(event, "node" + backEndNode.number + " did not deliver the event sent to node" + deviceNode.number);
            assertEquals(body, new String((byte[]) event.body(), StandardCharsets.UTF_8));
        }
    }

    /** The device's {@code connectionState} as {@code node} reports it, once it is {@code wanted} or after 30 s. */
    private static String awaitConnectionState(HubNode node, String deviceId, String wanted) throws Exception {
        String state = null;
        for (int i = 0; i < 60; i++) {
            HttpResponse<String> response = http().send(HttpRequest.newBuilder(URI.create("https://" + node.address
                            + "/devices/" + deviceId + "?api-version=2021-04-12"))
                    .header("Authorization", ownerToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
            state = JsonParser.parseString(response.body()).getAsJsonObject().get("connectionState").getAsString();
            if (wanted.equals(state)) {
                return state;
            }
            Thread.sleep(500);
        }
        return state;
    }

    private static com.microsoft.azure.sdk.iot.device.twin.Twin awaitDesired(
            BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> notifications, String key, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            com.microsoft.azure.sdk.iot.device.twin.Twin twin = notifications.poll(1, TimeUnit.SECONDS);
            if (twin != null && twin.getDesiredProperties().containsKey(key)) {
                return twin;
            }
        }
        return null;
    }

    private static HttpResponse<String> sendCloudToDevice(HubNode node, String deviceId, String body) throws Exception {
        return http().send(HttpRequest.newBuilder(URI.create("https://" + node.address + "/devices/" + deviceId
                        + "/messages/deviceBound?api-version=2021-04-12"))
                .header("Authorization", ownerToken()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    /** The owner connection string of one node, as a back end that reaches that node would use it. */
    private static String ownerConnectionString(HubNode node) {
        return "HostName=" + node.address + ";SharedAccessKeyName=iothubowner;SharedAccessKey=" + ownerKey;
    }

    /** Registers {@code deviceId} through {@code node}'s service API; returns its primary key. */
    private static String register(HubNode node, String deviceId) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + node.address + "/devices/" + deviceId
                        + "?api-version=2021-04-12"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"" + deviceId + "\"}"))
                .header("Authorization", ownerToken())
                .header("Content-Type", "application/json")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("authentication")
                .getAsJsonObject("symmetricKey").get("primaryKey").getAsString();
    }

    /** A token of the {@code iothubowner} policy for the name every node answers to. */
    private static String ownerToken() {
        return SasTokens.policy(HubNode.HOST_NAME, "iothubowner", ownerKey, 3600);
    }
}
