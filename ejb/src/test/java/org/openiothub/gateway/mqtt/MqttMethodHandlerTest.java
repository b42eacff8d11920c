package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.registry.DeviceConnectionListener;

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

/** Direct methods on the MQTT side: subscriptions the core can see, requests out at QoS 0, answers in. */
class MqttMethodHandlerTest {

    private record Answer(DeviceIdentity from, String requestId, int status, String payload) {
    }

    private final List<Answer> answers = new ArrayList<>();
    private final List<DeviceFeatureSubscribed> subscriptions = new ArrayList<>();
    private final MqttDeviceSessions sessions = new MqttDeviceSessions();
    private final MqttDeviceLinks links = new MqttDeviceLinks();

    {
        links.sessions = sessions;
    }

    @Test
    void responseTopicsYieldStatusAndRequestId() {
        assertEquals(new MqttMethodHandler.Response(200, "1-ab"), MqttMethodHandler.Response.parse("$iothub/methods/res/200/?$rid=1-ab"));
        assertEquals(new MqttMethodHandler.Response(-5, "7"), MqttMethodHandler.Response.parse("$iothub/methods/res/-5/?x=1&$rid=7"));
        for (String malformed : new String[] {"$iothub/methods/res/200/", "$iothub/methods/res/ok/?$rid=1",
            "$iothub/methods/res/200?$rid=1", "$iothub/methods/res//?$rid=1", "$iothub/methods/res/200/?$rid=",
            "$iothub/methods/res/99999999999/?$rid=1"}) {
            assertNull(MqttMethodHandler.Response.parse(malformed), malformed);
        }
    }

    @Test
    void aDeviceAcceptsMethodsOnlyOnceSubscribedAndTheHubIsTold() {
        EmbeddedChannel channel = connected("dev1");
        DeviceLink link = links.find("dev1", null).orElseThrow();
        assertFalse(link.accepts(DeviceFeature.METHODS));

        subscribe(channel, "$iothub/methods/POST/#");
        assertTrue(link.accepts(DeviceFeature.METHODS));
        assertFalse(link.accepts(DeviceFeature.CLOUD_TO_DEVICE));
        assertEquals(List.of(new DeviceFeatureSubscribed(identity("dev1"), DeviceFeature.METHODS)), subscriptions);

        subscribe(channel, "$iothub/methods/POST/#");
        assertEquals(1, subscriptions.size(), "a repeated subscription is no news");

        channel.writeInbound(MqttMessageBuilders.unsubscribe().addTopicFilter("$iothub/methods/POST/#").messageId(9).build());
        channel.readOutbound();
        assertFalse(link.accepts(DeviceFeature.METHODS));
    }

    @Test
    void methodRequestsGoOutAtQos0OnTheDevicesOwnConnection() {
        EmbeddedChannel channel = connected("dev1");
        subscribe(channel, "$iothub/methods/POST/#");
        links.find("dev1", null).orElseThrow().sendMethodRequest("3-f00", "reboot", "{\"in\":5}".getBytes(StandardCharsets.UTF_8));
        channel.runPendingTasks();

        MqttPublishMessage request = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        assertEquals("$iothub/methods/POST/reboot/?$rid=3-f00", request.variableHeader().topicName());
        assertEquals(MqttQoS.AT_MOST_ONCE, request.fixedHeader().qosLevel());
        assertEquals("{\"in\":5}", request.payload().toString(StandardCharsets.UTF_8));
        request.release();
    }

    @Test
    void answersReachTheHubWithTheConnectionsIdentityAndQos1IsAcknowledged() {
        EmbeddedChannel channel = connected("dev1");
        channel.writeInbound(publish("$iothub/methods/res/404/?$rid=1-a", MqttQoS.AT_LEAST_ONCE, 5, "{\"e\":1}"));
        channel.writeInbound(publish("$iothub/methods/res/oops/?$rid=1-b", MqttQoS.AT_MOST_ONCE, 0, "{}"));

        assertEquals(List.of(new Answer(identity("dev1"), "1-a", 404, "{\"e\":1}")), answers);
        MqttPubAckMessage ack = assertInstanceOf(MqttPubAckMessage.class, channel.readOutbound());
        assertEquals(5, ack.variableHeader().messageId());
        assertTrue(channel.isActive(), "a malformed answer is dropped, not a reason to disconnect");
    }

    @Test
    void aClosedConnectionIsNoLongerALinkThatAcceptsMethods() {
        EmbeddedChannel channel = connected("dev1");
        subscribe(channel, "$iothub/methods/POST/#");
        DeviceLink link = links.find("dev1", null).orElseThrow();
        channel.close();
        assertFalse(link.accepts(DeviceFeature.METHODS));
        assertTrue(links.find("dev1", null).isEmpty());
    }

    private static DeviceIdentity identity(String deviceId) {
        return new DeviceIdentity(deviceId, null, "gen-1", CredentialKind.DEVICE_KEY);
    }

    private EmbeddedChannel connected(String clientId) {
        DeviceAuthenticator authenticator = (deviceId, moduleId, token) -> identity(deviceId);
        MqttServices services = new MqttServices(authenticator, Runnable::run, message -> CompletableFuture.completedFuture(null),
                sessions, new NoListener(), Clock.systemUTC(),
                new MqttMethodHandler((from, requestId, status, payload) ->
                        answers.add(new Answer(from, requestId, status, new String(payload, StandardCharsets.UTF_8)))),
                subscriptions::add, new CloudToDeviceDelivery() {
                    @Override
                    public void attach(DeviceLink link) {
                    }

                    @Override
                    public void detach(DeviceLink link) {
                    }
                });
        EmbeddedChannel channel = new EmbeddedChannel(new MqttConnectionHandler(services));
        channel.writeInbound(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(false).keepAlive(230).username("hub/" + clientId + "/?api-version=2020-09-30")
                .password("SharedAccessSignature sr=x&sig=y&se=1".getBytes(StandardCharsets.UTF_8)).build());
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
