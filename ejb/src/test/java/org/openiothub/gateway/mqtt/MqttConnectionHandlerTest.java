package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.errors.HubException;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.messaging.SystemProperty;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetryMessage;
import org.openiothub.telemetry.TelemetrySink;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;

class MqttConnectionHandlerTest {

    private static final String TOKEN = "SharedAccessSignature sr=hub%2Fdevices%2Fdev1&sig=x&se=1";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final FakeSink sink = new FakeSink();
    private final RecordingListener listener = new RecordingListener();
    private final MqttDeviceSessions sessions = new MqttDeviceSessions();
    private final RecordingDelivery cloudToDevice = new RecordingDelivery();
    private DeviceAuthenticator authenticator = (deviceId, moduleId, token) -> {
        if (!TOKEN.equals(token)) {
            throw HubException.unauthorized("bad signature");
        }
        return new DeviceIdentity(deviceId, moduleId, "gen-1", CredentialKind.DEVICE_KEY);
    };

    // --- CONNECT ------------------------------------------------------------------------------------------------

    @Test
    void deviceWithValidTokenIsAcceptedWithCleanSessionFalse() {
        EmbeddedChannel channel = channel();

        assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED, connect(channel, "dev1", TOKEN));
        assertTrue(channel.isActive());
        assertEquals(List.of("connected dev1"), listener.events);
        assertEquals(channel, sessions.channelOf(MqttClientId.parse("dev1")));
    }

    @Test
    void badTokenIsRefusedAsNotAuthorized() {
        EmbeddedChannel channel = channel();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, connect(channel, "dev1", "wrong"));
        assertFalse(channel.isActive());
        assertTrue(listener.events.isEmpty());
    }

    @Test
    void unknownDeviceIsRefusedAsNotAuthorized() {
        authenticator = (deviceId, moduleId, token) -> {
            throw HubException.deviceNotFound(deviceId);
        };
        EmbeddedChannel channel = channel();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, connect(channel, "dev1", TOKEN));
        assertFalse(channel.isActive());
    }

    @Test
    void internalAuthenticationErrorIsServerUnavailable() {
        authenticator = (deviceId, moduleId, token) -> {
            throw new IllegalStateException("database down");
        };
        EmbeddedChannel channel = channel();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, connect(channel, "dev1", TOKEN));
        assertFalse(channel.isActive());
    }

    @Test
    void missingAuthenticatorIsServerUnavailable() {
        authenticator = null;
        EmbeddedChannel channel = channel();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, connect(channel, "dev1", TOKEN));
    }

    @Test
    void connectWithNeitherTokenNorClientCertificateIsNotAuthorized() {
        EmbeddedChannel channel = channel();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, connect(channel, "dev1", ""));
    }

    @Test
    void malformedClientIdIsRejected() {
        EmbeddedChannel channel = channel();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, connect(channel, "dev 1", TOKEN));
        assertFalse(channel.isActive());
    }

    @Test
    void userNameForAnotherDeviceIsRefused() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(connectMessage("dev1", "hub/dev2/?api-version=2020-09-30", TOKEN, MqttVersion.MQTT_3_1_1));
        channel.runPendingTasks();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, connAckCode(channel));
    }

    @Test
    void protocolLevelOtherThanFourIsRefused() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(connectMessage("dev1", "hub/dev1/?api-version=2020-09-30", TOKEN, MqttVersion.MQTT_3_1));
        channel.runPendingTasks();

        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, connAckCode(channel));
        assertFalse(channel.isActive());
    }

    @Test
    void packetBeforeConnectClosesTheConnection() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, "x"));

        assertFalse(channel.isActive());
        assertNull(channel.readOutbound());
        assertTrue(sink.sent.isEmpty());
    }

    @Test
    void secondConnectClosesTheConnection() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(connectMessage("dev1", "hub/dev1/?api-version=2020-09-30", TOKEN, MqttVersion.MQTT_3_1_1));

        assertFalse(channel.isActive());
        assertEquals(List.of("connected dev1", "disconnected dev1"), listener.events);
    }

    @Test
    void newConnectionOfTheSameDeviceClosesTheOldOne() {
        EmbeddedChannel first = connected("dev1");
        EmbeddedChannel second = connected("dev1");
        first.runPendingTasks();

        assertFalse(first.isActive());
        assertTrue(second.isActive());
        assertEquals(second, sessions.channelOf(MqttClientId.parse("dev1")));
        // The device is still connected: only the replacing connection counts.
        assertEquals(List.of("connected dev1", "connected dev1"), listener.events);
    }

    @Test
    void revokingADeviceClosesItsAndItsModulesConnections() {
        EmbeddedChannel device = connected("dev1");
        EmbeddedChannel module = connected("dev1/mod1");
        EmbeddedChannel other = connected("dev2");

        sessions.closeDevice("dev1", "disabled");

        assertFalse(device.isActive());
        assertFalse(module.isActive());
        assertTrue(other.isActive());
        assertNull(sessions.channelOf(MqttClientId.parse("dev1")));
    }

    @Test
    void packetsSentBeforeTheConnackAreHandledAfterIt() {
        List<Runnable> authentications = new ArrayList<>();
        EmbeddedChannel channel = channel(authentications::add);
        channel.writeInbound(connectMessage("dev1", "hub/dev1/?api-version=2020-09-30", TOKEN, MqttVersion.MQTT_3_1_1));
        channel.writeInbound(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, "early"));
        assertTrue(sink.sent.isEmpty());

        authentications.forEach(Runnable::run);
        channel.runPendingTasks();

        assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED, connAckCode(channel));
        assertEquals(1, sink.sent.size());
    }

    // --- telemetry ----------------------------------------------------------------------------------------------

    @Test
    void telemetryIsAcknowledgedOnlyOnceStored() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("devices/dev1/messages/events/$.mid=m1&$.ct=application%2Fjson&%24.cid=c1&alert=true",
                MqttQoS.AT_LEAST_ONCE, 7, "{\"t\":21}"));

        assertNull(channel.readOutbound(), "no PUBACK before the broker confirms");
        TelemetryMessage message = sink.sent.get(0);
        assertEquals("dev1", message.deviceId());
        assertEquals("m1", message.messageId());
        assertEquals("c1", message.correlationId());
        assertEquals("application/json", message.systemProperty(SystemProperty.CONTENT_TYPE));
        assertEquals(Map.of("alert", "true"), message.applicationProperties());
        assertArrayEquals("{\"t\":21}".getBytes(StandardCharsets.UTF_8), message.body());
        assertEquals(NOW, message.enqueuedTime());
        assertEquals(List.of("connected dev1", "activity dev1"), listener.events);

        sink.confirm(0);
        channel.runPendingTasks();

        MqttPubAckMessage pubAck = assertInstanceOf(MqttPubAckMessage.class, channel.readOutbound());
        assertEquals(7, pubAck.variableHeader().messageId());
    }

    @Test
    void pubAcksFollowTheOrderOfReceipt() {
        EmbeddedChannel channel = connected("dev1");
        for (int id = 1; id <= 3; id++) {
            channel.writeInbound(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, id, "m" + id));
        }
        for (int i = 0; i < 3; i++) {
            sink.confirm(i);
        }
        channel.runPendingTasks();

        for (int id = 1; id <= 3; id++) {
            assertEquals(id, ((MqttPubAckMessage) channel.readOutbound()).variableHeader().messageId());
        }
    }

    @Test
    void telemetryThatCannotBeStoredClosesTheConnectionWithoutPubAck() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 3, "x"));

        sink.fail(0);
        channel.runPendingTasks();

        assertNull(channel.readOutbound());
        assertFalse(channel.isActive());
    }

    @Test
    void qos0TelemetryIsStoredWithoutPubAck() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("devices/dev1/messages/events/", MqttQoS.AT_MOST_ONCE, 0, "x"));
        sink.confirm(0);
        channel.runPendingTasks();

        assertEquals(1, sink.sent.size());
        assertNull(channel.readOutbound());
        assertTrue(channel.isActive());
    }

    @Test
    void moduleTelemetryCarriesTheModule() {
        EmbeddedChannel channel = connected("dev1/mod1");
        channel.writeInbound(publish("devices/dev1/modules/mod1/messages/events/$.mid=1/", MqttQoS.AT_LEAST_ONCE, 1, "x"));

        TelemetryMessage message = sink.sent.get(0);
        assertEquals("dev1", message.deviceId());
        assertEquals("mod1", message.moduleId());
        assertEquals("1", message.messageId());
    }

    @Test
    void retainFlagIsForwardedAsAnApplicationProperty() {
        EmbeddedChannel channel = connected("dev1");
        MqttPublishMessage retained = MqttMessageBuilders.publish().topicName("devices/dev1/messages/events/a=1")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(1).retained(true)
                .payload(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8)).build();
        channel.writeInbound(retained);

        assertEquals(Map.of("a", "1", "mqtt-retain", "true"), sink.sent.get(0).applicationProperties());
    }

    @Test
    void publishToAnotherDevicesTopicIsRefused() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("devices/dev2/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, "x"));

        assertFalse(channel.isActive());
        assertTrue(sink.sent.isEmpty());
    }

    @Test
    void qos2PublishClosesTheConnection() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("devices/dev1/messages/events/", MqttQoS.EXACTLY_ONCE, 1, "x"));

        assertFalse(channel.isActive());
        assertTrue(sink.sent.isEmpty());
    }

    @Test
    void payloadOverTheLimitClosesTheConnection() {
        EmbeddedChannel channel = connected("dev1");
        byte[] allowed = new byte[MqttConnectionHandler.MAX_TELEMETRY_BYTES];
        channel.writeInbound(MqttMessageBuilders.publish().topicName("devices/dev1/messages/events/")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(1).payload(Unpooled.wrappedBuffer(allowed)).build());
        assertTrue(channel.isActive());

        channel.writeInbound(MqttMessageBuilders.publish().topicName("devices/dev1/messages/events/")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(2).payload(Unpooled.wrappedBuffer(new byte[allowed.length + 1])).build());

        assertFalse(channel.isActive());
        assertEquals(1, sink.sent.size());
    }

    @Test
    void malformedPropertyBagClosesTheConnection() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("devices/dev1/messages/events/a=%zz", MqttQoS.AT_LEAST_ONCE, 1, "x"));

        assertFalse(channel.isActive());
    }

    @Test
    void twinAndMethodPublishesAreAcknowledgedAndIgnored() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("$iothub/twin/GET/?$rid=1", MqttQoS.AT_LEAST_ONCE, 5, ""));
        channel.writeInbound(publish("$iothub/methods/res/200/?$rid=2", MqttQoS.AT_MOST_ONCE, 0, "{}"));

        assertEquals(5, ((MqttPubAckMessage) channel.readOutbound()).variableHeader().messageId());
        assertTrue(channel.isActive());
        assertTrue(sink.sent.isEmpty());
    }

    // --- subscriptions and keep-alive ---------------------------------------------------------------------------

    @Test
    void subscriptionsToOwnTopicsAreGrantedAtMostQos1() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(9)
                .addSubscription(MqttQoS.EXACTLY_ONCE, "devices/dev1/messages/devicebound/#")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "$iothub/twin/res/#")
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "$iothub/methods/POST/#")
                .build());

        MqttSubAckMessage subAck = assertInstanceOf(MqttSubAckMessage.class, channel.readOutbound());
        assertEquals(9, subAck.variableHeader().messageId());
        assertEquals(List.of(1, 0, 1), subAck.payload().grantedQoSLevels());
    }

    @Test
    void subscriptionToAnotherDevicesTopicIsRefused() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(9)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev2/messages/devicebound/#")
                .build());

        assertNull(channel.readOutbound());
        assertFalse(channel.isActive());
    }

    @Test
    void subscribingToDeviceboundAttachesTheDeviceForCloudToDeviceMessagesOnce() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_MOST_ONCE, "$iothub/twin/res/#").build());
        assertTrue(cloudToDevice.events.isEmpty());

        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(2)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev1/messages/devicebound/#").build());
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev1/messages/devicebound/#").build());

        assertEquals(List.of("attach dev1"), cloudToDevice.events);
        DeviceLink link = cloudToDevice.links.get(0);
        assertTrue(link.accepts(DeviceFeature.CLOUD_TO_DEVICE));
        assertTrue(link.accepts(DeviceFeature.TWIN_RESPONSES));
        assertFalse(link.accepts(DeviceFeature.METHODS));
    }

    @Test
    void aCloudToDeviceMessageIsCompletedByThePubAckOfItsPacket() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev1/messages/devicebound/#").build());
        assertInstanceOf(MqttSubAckMessage.class, channel.readOutbound());

        CompletionStage<DeviceSettlement> delivered = cloudToDevice.links.get(0).sendCloudToDeviceMessage(c2d("m1"));
        channel.runPendingTasks();
        MqttPublishMessage publish = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        assertEquals(MqttQoS.AT_LEAST_ONCE, publish.fixedHeader().qosLevel());
        assertTrue(publish.variableHeader().topicName().startsWith("devices/dev1/messages/devicebound/%24.mid=m1&"));
        assertFalse(delivered.toCompletableFuture().isDone());

        channel.writeInbound(pubAck(publish.variableHeader().packetId()));
        assertTrue(delivered.toCompletableFuture().isDone());
        assertFalse(delivered.toCompletableFuture().isCompletedExceptionally());
        publish.release();
    }

    @Test
    void unsubscribingOrDisconnectingDetachesAndFailsWhatWaitsForAPubAck() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev1/messages/devicebound/#").build());
        channel.writeInbound(MqttMessageBuilders.unsubscribe().messageId(2)
                .addTopicFilter("devices/dev1/messages/devicebound/#").build());
        assertEquals(List.of("attach dev1", "detach dev1"), cloudToDevice.events);

        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev1/messages/devicebound/#").build());
        CompletionStage<DeviceSettlement> delivered = cloudToDevice.links.get(1).sendCloudToDeviceMessage(c2d("m1"));
        channel.runPendingTasks();
        channel.close();

        assertTrue(delivered.toCompletableFuture().isCompletedExceptionally());
        assertEquals(List.of("attach dev1", "detach dev1", "attach dev1", "detach dev1"), cloudToDevice.events);
    }

    @Test
    void aClientThatSendsNoConnectIsClosedAtTheDeadline() {
        EmbeddedChannel silent = channel();
        silent.advanceTimeBy(29, TimeUnit.SECONDS);
        silent.runScheduledPendingTasks();
        assertTrue(silent.isActive());
        silent.advanceTimeBy(2, TimeUnit.SECONDS);
        silent.runScheduledPendingTasks();
        assertFalse(silent.isActive());

        EmbeddedChannel connected = connected("dev1");
        connected.advanceTimeBy(60, TimeUnit.SECONDS);
        connected.runScheduledPendingTasks();
        assertTrue(connected.isActive());
    }

    @Test
    void aDeviceThatDoesNotReadWhatItIsSentIsNotReadFromUntilThatDrains() {
        EmbeddedChannel channel = connected("dev1");
        assertTrue(channel.config().isAutoRead());

        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        channel.runPendingTasks();
        assertFalse(channel.config().isAutoRead());
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void aTopicThatWasNotUtf8ClosesTheConnectionAndStoresNothing() {
        EmbeddedChannel channel = connected("dev1");
        // The decoder puts U+FFFD where the bytes were not UTF-8.
        channel.writeInbound(publish("devices/dev1/messages/events/a=\uFFFD", MqttQoS.AT_LEAST_ONCE, 1, "{}"));

        assertFalse(channel.isActive());
        assertTrue(sink.sent.isEmpty());
    }

    @Test
    void pingIsAnswered() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));

        assertEquals(MqttMessageType.PINGRESP, ((MqttMessage) channel.readOutbound()).fixedHeader().messageType());
    }

    @Test
    void disconnectClosesAndReportsTheDeviceGone() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)));

        assertFalse(channel.isActive());
        assertEquals(List.of("connected dev1", "disconnected dev1"), listener.events);
        assertNull(sessions.channelOf(MqttClientId.parse("dev1")));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private EmbeddedChannel channel() {
        return channel(Runnable::run);
    }

    private EmbeddedChannel channel(java.util.concurrent.Executor blockingWork) {
        MqttServices services = new MqttServices(authenticator, blockingWork, sink, sessions, listener,
                Clock.fixed(NOW, ZoneOffset.UTC), MqttMethodHandler.NONE, event -> {
                }, cloudToDevice);
        return new EmbeddedChannel(new MqttConnectionHandler(services));
    }

    private EmbeddedChannel connected(String clientId) {
        EmbeddedChannel channel = channel();
        assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED, connect(channel, clientId, TOKEN));
        return channel;
    }

    private static MqttConnectReturnCode connect(EmbeddedChannel channel, String clientId, String token) {
        channel.writeInbound(connectMessage(clientId, "hub/" + clientId + "/?api-version=2020-09-30", token, MqttVersion.MQTT_3_1_1));
        channel.runPendingTasks();
        return connAckCode(channel);
    }

    private static MqttConnectReturnCode connAckCode(EmbeddedChannel channel) {
        MqttConnAckMessage connAck = assertInstanceOf(MqttConnAckMessage.class, channel.readOutbound());
        return connAck.variableHeader().connectReturnCode();
    }

    private static MqttConnectMessage connectMessage(String clientId, String userName, String token, MqttVersion version) {
        return MqttMessageBuilders.connect()
                .clientId(clientId)
                .protocolVersion(version)
                .cleanSession(false)
                .keepAlive(230)
                .username(userName)
                .password(token.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, String payload) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    private static DeviceBoundMessage c2d(String messageId) {
        return new DeviceBoundMessage("lock", 1, messageId, null, "/devices/dev1/messages/deviceBound", null, null, "full",
                null, null, 1, NOW, Map.of(), "hi".getBytes(StandardCharsets.UTF_8));
    }

    private static MqttPubAckMessage pubAck(int packetId) {
        return new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(packetId));
    }

    private static final class RecordingDelivery implements CloudToDeviceDelivery {

        final List<String> events = new ArrayList<>();
        final List<DeviceLink> links = new ArrayList<>();

        @Override
        public void attach(DeviceLink link) {
            events.add("attach " + link.identity().deviceId());
            links.add(link);
        }

        @Override
        public void detach(DeviceLink link) {
            events.add("detach " + link.identity().deviceId());
        }
    }

    private static final class FakeSink implements TelemetrySink {

        final List<TelemetryMessage> sent = new ArrayList<>();
        final List<CompletableFuture<Void>> results = new ArrayList<>();

        @Override
        public CompletionStage<Void> send(TelemetryMessage message) {
            sent.add(message);
            CompletableFuture<Void> result = new CompletableFuture<>();
            results.add(result);
            return result;
        }

        void confirm(int index) {
            results.get(index).complete(null);
        }

        void fail(int index) {
            results.get(index).completeExceptionally(new IllegalStateException("journal full"));
        }
    }

    private static final class RecordingListener implements DeviceConnectionListener {

        final List<String> events = new ArrayList<>();

        @Override
        public void connected(DeviceIdentity device) {
            events.add("connected " + device.deviceId());
        }

        @Override
        public void disconnected(DeviceIdentity device) {
            events.add("disconnected " + device.deviceId());
        }

        @Override
        public void activity(DeviceIdentity device) {
            events.add("activity " + device.deviceId());
        }
    }
}
