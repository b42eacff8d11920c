package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.twin.DeviceTwins;
import org.openiothub.twin.Twin;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;

/** Twin requests on the MQTT side: topics, answers on $iothub/twin/res/, order and back-pressure. */
class MqttTwinHandlerTest {

    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00Z");

    private record Patch(String deviceId, String body, Long expectedVersion) {
    }

    private final List<Patch> patches = new ArrayList<>();
    private final Deque<Runnable> blockingWork = new ArrayDeque<>();
    /** Patches handed on and not yet committed, when the test commits them itself (in order, as the service does). */
    private final Deque<Runnable> uncommitted = new ArrayDeque<>();
    private boolean commitAtOnce = true;
    private HubException refusal;

    private final DeviceTwins twins = new DeviceTwins() {
        @Override
        public Twin getForDevice(DeviceIdentity device) {
            return Twin.empty(device.deviceId(), CREATED);
        }

        @Override
        public CompletionStage<Long> patchReported(DeviceIdentity device, byte[] patchJson, Long expectedVersion) {
            if (refusal != null) {
                return CompletableFuture.failedFuture(refusal);
            }
            patches.add(new Patch(device.deviceId(), new String(patchJson, StandardCharsets.UTF_8), expectedVersion));
            long version = 1 + patches.size();
            if (commitAtOnce) {
                return CompletableFuture.completedFuture(version);
            }
            CompletableFuture<Long> committed = new CompletableFuture<>();
            uncommitted.add(() -> committed.complete(version));
            return committed;
        }
    };

    @Test
    void requestTopicsYieldKindRequestIdAndVersion() {
        assertEquals(new MqttTwinRequest(MqttTwinRequest.Kind.GET, "1", null), MqttTwinRequest.parse("$iothub/twin/GET/?$rid=1"));
        assertEquals(new MqttTwinRequest(MqttTwinRequest.Kind.PATCH_REPORTED, "a-b", 7L),
                MqttTwinRequest.parse("$iothub/twin/PATCH/properties/reported/?$rid=a-b&$version=7"));
        assertEquals(new MqttTwinRequest(MqttTwinRequest.Kind.PATCH_REPORTED, "x", null),
                MqttTwinRequest.parse("$iothub/twin/PATCH/properties/reported/?$rid=x"));
        for (String refused : new String[] {"$iothub/twin/GET/", "$iothub/twin/GET/?$rid=", "$iothub/twin/res/200/?$rid=1",
            "$iothub/twin/PATCH/properties/desired/?$rid=1", "$iothub/twin/PATCH/properties/reported/?$rid=1&$version=x"}) {
            assertThrows(IllegalArgumentException.class, () -> MqttTwinRequest.parse(refused), refused);
        }
        assertEquals("$iothub/twin/res/204/?$rid=r&$version=3",
                new MqttTwinRequest(MqttTwinRequest.Kind.PATCH_REPORTED, "r", null).responseTopic(204, 3L));
    }

    @Test
    void getIsAnswered200WithTheDevicesViewOfItsTwin() {
        EmbeddedChannel channel = connected("dev1", Runnable::run);
        subscribe(channel, "$iothub/twin/res/#");
        channel.writeInbound(publish("$iothub/twin/GET/?$rid=r1", MqttQoS.AT_LEAST_ONCE, 5, ""));

        assertEquals(5, assertInstanceOf(MqttPubAckMessage.class, channel.readOutbound()).variableHeader().messageId());
        MqttPublishMessage response = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        assertEquals("$iothub/twin/res/200/?$rid=r1", response.variableHeader().topicName());
        assertEquals(MqttQoS.AT_MOST_ONCE, response.fixedHeader().qosLevel());
        assertEquals("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}", body(response));
    }

    @Test
    void aReportedPatchIsAnswered204WithTheNewVersion() {
        EmbeddedChannel channel = connected("dev1", Runnable::run);
        subscribe(channel, "$iothub/twin/res/#");
        channel.writeInbound(publish("$iothub/twin/PATCH/properties/reported/?$rid=r2&$version=1", MqttQoS.AT_MOST_ONCE, 0,
                "{\"battery\":80}"));
        channel.runPendingTasks();

        MqttPublishMessage response = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        assertEquals("$iothub/twin/res/204/?$rid=r2&$version=2", response.variableHeader().topicName());
        assertEquals("", body(response));
        assertEquals(List.of(new Patch("dev1", "{\"battery\":80}", 1L)), patches);
    }

    @Test
    void aRefusalIsAnsweredWithItsStatusAndIotHubsErrorCode() {
        refusal = new HubException(ErrorCode.PRECONDITION_FAILED, "The reported properties are at $version 4, not 1.");
        EmbeddedChannel channel = connected("dev1", Runnable::run);
        subscribe(channel, "$iothub/twin/res/#");
        channel.writeInbound(publish("$iothub/twin/PATCH/properties/reported/?$rid=r3&$version=1", MqttQoS.AT_MOST_ONCE, 0, "{}"));

        MqttPublishMessage response = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        assertEquals("$iothub/twin/res/412/?$rid=r3", response.variableHeader().topicName());
        String body = body(response);
        assertTrue(body.contains("\"errorCode\":412001"), body);
        assertTrue(channel.isActive(), "a refused request is no reason to disconnect");
    }

    @Test
    void withoutASubscriptionToTwinResponsesNothingIsAnswered() {
        EmbeddedChannel channel = connected("dev1", Runnable::run);
        channel.writeInbound(publish("$iothub/twin/GET/?$rid=r4", MqttQoS.AT_LEAST_ONCE, 6, ""));

        assertInstanceOf(MqttPubAckMessage.class, channel.readOutbound());
        assertNull(channel.readOutbound());
    }

    @Test
    void aMalformedTwinTopicClosesTheConnection() {
        EmbeddedChannel channel = connected("dev1", Runnable::run);
        channel.writeInbound(publish("$iothub/twin/GET/", MqttQoS.AT_MOST_ONCE, 0, ""));
        assertFalse(channel.isActive());
    }

    @Test
    void patchesAreHandedOnInOrderAsTheyArriveAndAnOverlongQueueIsTold429() {
        commitAtOnce = false;
        EmbeddedChannel channel = connected("dev1", blockingWork::add);
        subscribe(channel, "$iothub/twin/res/#");
        for (int i = 0; i <= MqttTwinHandler.MAX_QUEUED; i++) {
            channel.writeInbound(publish("$iothub/twin/PATCH/properties/reported/?$rid=p" + i, MqttQoS.AT_MOST_ONCE, 0,
                    "{\"n\":" + i + "}"));
        }
        MqttPublishMessage throttled = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        assertEquals("$iothub/twin/res/429/?$rid=p" + MqttTwinHandler.MAX_QUEUED, throttled.variableHeader().topicName());
        assertEquals(MqttTwinHandler.MAX_QUEUED, uncommitted.size(), "patches are handed on without waiting for answers");
        for (int i = 0; i < MqttTwinHandler.MAX_QUEUED; i++) {
            assertEquals("{\"n\":" + i + "}", patches.get(i).body(), "handed on in the order sent");
        }
        assertNull(channel.readOutbound(), "nothing is answered before it is committed");

        while (!uncommitted.isEmpty()) {
            uncommitted.poll().run();
        }
        channel.runPendingTasks();
        for (int i = 0; i < MqttTwinHandler.MAX_QUEUED; i++) {
            MqttPublishMessage response = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
            assertEquals("$iothub/twin/res/204/?$rid=p" + i + "&$version=" + (i + 2), response.variableHeader().topicName());
        }

        channel.writeInbound(publish("$iothub/twin/GET/?$rid=after", MqttQoS.AT_MOST_ONCE, 0, ""));
        blockingWork.poll().run();
        assertEquals("$iothub/twin/res/200/?$rid=after",
                assertInstanceOf(MqttPublishMessage.class, channel.readOutbound()).variableHeader().topicName(),
                "the queue drained, so requests are taken again");
    }

    @Test
    void aGetWaitsForThePatchesBeforeItAndThePatchesAfterItWaitForTheGet() {
        commitAtOnce = false;
        EmbeddedChannel channel = connected("dev1", blockingWork::add);
        subscribe(channel, "$iothub/twin/res/#");
        channel.writeInbound(publish("$iothub/twin/PATCH/properties/reported/?$rid=p1", MqttQoS.AT_MOST_ONCE, 0, "{\"n\":1}"));
        channel.writeInbound(publish("$iothub/twin/GET/?$rid=g", MqttQoS.AT_MOST_ONCE, 0, ""));
        channel.writeInbound(publish("$iothub/twin/PATCH/properties/reported/?$rid=p2", MqttQoS.AT_MOST_ONCE, 0, "{\"n\":2}"));
        assertTrue(blockingWork.isEmpty(), "the GET waits while the patch before it is not committed");
        assertEquals(1, patches.size(), "the patch after the GET waits for the GET");

        uncommitted.poll().run();
        channel.runPendingTasks();
        blockingWork.poll().run();
        channel.runPendingTasks();
        assertEquals(2, patches.size(), "served the GET, the patch after it is handed on");
        uncommitted.poll().run();
        channel.runPendingTasks();
        for (String expected : new String[] {"$iothub/twin/res/204/?$rid=p1&$version=2", "$iothub/twin/res/200/?$rid=g",
            "$iothub/twin/res/204/?$rid=p2&$version=3"}) {
            assertEquals(expected, assertInstanceOf(MqttPublishMessage.class, channel.readOutbound()).variableHeader().topicName());
        }
    }

    private EmbeddedChannel connected(String clientId, Executor work) {
        DeviceAuthenticator authenticator = (deviceId, moduleId, token) -> new DeviceIdentity(deviceId, null, "gen-1", CredentialKind.DEVICE_KEY);
        MqttServices services = new MqttServices(authenticator, work, message -> CompletableFuture.completedFuture(null),
                new MqttDeviceSessions(), new NoListener(), Clock.systemUTC(), MqttMethodHandler.NONE, event -> {
                }, new CloudToDeviceDelivery() {
                    @Override
                    public void attach(DeviceLink link) {
                    }

                    @Override
                    public void detach(DeviceLink link) {
                    }
                }, twins);
        EmbeddedChannel channel = new EmbeddedChannel(new MqttConnectionHandler(services));
        // The authenticator runs on the blocking executor too.
        channel.writeInbound(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(false).keepAlive(230).username("hub/" + clientId + "/?api-version=2020-09-30")
                .password("SharedAccessSignature sr=x&sig=y&se=1".getBytes(StandardCharsets.UTF_8)).build());
        while (!blockingWork.isEmpty()) {
            blockingWork.poll().run();
        }
        channel.runPendingTasks();
        MqttConnAckMessage connAck = assertInstanceOf(MqttConnAckMessage.class, channel.readOutbound());
        assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED, connAck.variableHeader().connectReturnCode());
        return channel;
    }

    private static void subscribe(EmbeddedChannel channel, String filter) {
        channel.writeInbound(MqttMessageBuilders.subscribe().addSubscription(MqttQoS.AT_MOST_ONCE, filter).messageId(1).build());
        assertInstanceOf(MqttSubAckMessage.class, channel.readOutbound());
    }

    private static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, String payload) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    private static String body(MqttPublishMessage message) {
        try {
            return message.payload().toString(StandardCharsets.UTF_8);
        } finally {
            message.release();
        }
    }

    private static final class NoListener implements DeviceConnectionListener {
        @Override
        public void connected(DeviceIdentity device) {
        }

        @Override
        public void disconnected(DeviceIdentity device) {
        }

        @Override
        public void activity(DeviceIdentity device) {
        }
    }
}
