package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.gateway.DeviceFeature;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

class MqttDeviceLinkTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static DeviceBoundMessage message(String ack, Map<String, String> properties) {
        return new DeviceBoundMessage("lock-1", 1, "mid 1", "cid/1", "/devices/dev1/messages/deviceBound", null,
                NOW.plusSeconds(3600), ack, "application/json", "utf-8", 1, NOW, properties,
                "{\"on\":true}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBagHoldsEncodedSystemPropertiesFirstThenTheAckThenApplicationProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("color", "light blue");
        properties.put("a&b", "x=y");
        String topic = MqttDeviceLink.cloudToDeviceTopic("dev1", message("full", properties));

        assertEquals("devices/dev1/messages/devicebound/"
                + "%24.mid=mid%201&%24.to=%2Fdevices%2Fdev1%2Fmessages%2FdeviceBound&%24.cid=cid%2F1"
                + "&%24.ct=application%2Fjson&%24.ce=utf-8"
                + "&iothub-ack=full&color=light%20blue&a%26b=x%3Dy", topic);
    }

    @Test
    void theJavaDeviceSdkReadsEveryPropertyBack() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("color", "light blue");
        properties.put("path", "/a/b?c=d&e");
        String topic = MqttDeviceLink.cloudToDeviceTopic("dev1", message("positive", properties));

        // As the Java SDK's Mqtt.constructMessage does: the bag from the first %24, split on & and =, URL-decoded.
        Map<String, String> read = new LinkedHashMap<>();
        for (String pair : topic.substring(topic.indexOf("%24")).split("&")) {
            String[] parts = pair.split("=");
            assertEquals(2, parts.length, "every property has a non-empty value: " + pair);
            read.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        assertEquals("mid 1", read.get("$.mid"));
        assertEquals("cid/1", read.get("$.cid"));
        assertEquals("/devices/dev1/messages/deviceBound", read.get("$.to"));
        assertEquals("application/json", read.get("$.ct"));
        assertEquals("utf-8", read.get("$.ce"));
        assertEquals("positive", read.get("iothub-ack"));
        assertEquals("light blue", read.get("color"));
        assertEquals("/a/b?c=d&e", read.get("path"));
    }

    @Test
    void emptyValuesAndAckNoneAreLeftOut() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("empty", "");
        properties.put("kept", "1");
        DeviceBoundMessage bare = new DeviceBoundMessage("lock", 1, "m", "", "/devices/dev1/messages/deviceBound", null,
                null, "none", null, "", 1, NOW, properties, new byte[0]);

        assertEquals("devices/dev1/messages/devicebound/%24.mid=m&%24.to=%2Fdevices%2Fdev1%2Fmessages%2FdeviceBound&kept=1",
                MqttDeviceLink.cloudToDeviceTopic("dev1", bare));
    }

    @Test
    void eachMessageGetsItsOwnPacketIdAndOnlyItsPubAckCompletesIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        MqttDeviceLink link = new MqttDeviceLink(new DeviceIdentity("dev1", null, "g", CredentialKind.DEVICE_KEY), channel);
        CompletableFuture<DeviceSettlement> first = link.sendCloudToDeviceMessage(message("none", Map.of())).toCompletableFuture();
        CompletableFuture<DeviceSettlement> second = link.sendCloudToDeviceMessage(message("none", Map.of())).toCompletableFuture();
        channel.runPendingTasks();

        MqttPublishMessage one = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        MqttPublishMessage two = assertInstanceOf(MqttPublishMessage.class, channel.readOutbound());
        assertEquals(MqttQoS.AT_LEAST_ONCE, one.fixedHeader().qosLevel());
        assertNotEquals(one.variableHeader().packetId(), two.variableHeader().packetId());
        assertEquals("{\"on\":true}", one.payload().toString(StandardCharsets.UTF_8));

        assertFalse(link.acknowledged(4711));
        assertTrue(link.acknowledged(two.variableHeader().packetId()));
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertFalse(first.isDone());

        link.closed();
        assertTrue(first.isCompletedExceptionally());
        one.release();
        two.release();
    }

    @Test
    void aClosedLinkFailsAtOnceAndForgetsItsSubscriptions() {
        EmbeddedChannel channel = new EmbeddedChannel();
        MqttDeviceLink link = new MqttDeviceLink(new DeviceIdentity("dev1", null, "g", CredentialKind.DEVICE_KEY), channel);
        assertTrue(link.subscribed(DeviceFeature.CLOUD_TO_DEVICE));
        assertFalse(link.subscribed(DeviceFeature.CLOUD_TO_DEVICE));
        link.closed();

        assertFalse(link.accepts(DeviceFeature.CLOUD_TO_DEVICE));
        CompletableFuture<DeviceSettlement> sent = link.sendCloudToDeviceMessage(message("none", Map.of())).toCompletableFuture();
        channel.runPendingTasks();
        assertTrue(sent.isCompletedExceptionally());
    }
}
