package org.openiothub.gateway.mqtt;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * One device's MQTT connection as the hub core sees it: what the device subscribed to, and the hub-to-device
 * publishes. Cloud-to-device messages go out at QoS 1 on {@code devices/{id}/messages/devicebound/<bag>} and the
 * device's PUBACK completes their stage; desired-property patches and method requests go out at QoS 0. Callable from
 * any thread; the work happens on the channel's event loop, where the connection handler also reports PUBACKs and
 * the end of the connection.
 */
final class MqttDeviceLink implements DeviceLink {

    static final String ACK_PROPERTY = "iothub-ack";
    private static final int MAX_PACKET_ID = 65_535;

    private final Channel channel;
    private final DeviceIdentity identity;
    private final Set<DeviceFeature> features = ConcurrentHashMap.newKeySet();
    /** Cloud-to-device messages sent and not yet acknowledged, by packet id; event loop only. */
    private final Map<Integer, CompletableFuture<Void>> unacknowledged = new HashMap<>();
    private int lastPacketId;
    private boolean closed;

    MqttDeviceLink(Channel channel, DeviceIdentity identity) {
        this.channel = channel;
        this.identity = identity;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public boolean accepts(DeviceFeature feature) {
        return channel.isActive() && features.contains(feature);
    }

    /** @return whether the device did not have it yet */
    boolean subscribed(DeviceFeature feature) {
        return features.add(feature);
    }

    /** @return whether the device had it */
    boolean unsubscribed(DeviceFeature feature) {
        return features.remove(feature);
    }

    @Override
    public void sendDesiredPropertiesPatch(long version, byte[] patchJson) {
        publishAtMostOnce("$iothub/twin/PATCH/properties/desired/?$version=" + version, patchJson);
    }

    @Override
    public void sendMethodRequest(String requestId, String methodName, byte[] payload) {
        publishAtMostOnce("$iothub/methods/POST/" + methodName + "/?$rid=" + requestId, payload);
    }

    @Override
    public CompletionStage<Void> sendCloudToDeviceMessage(DeviceBoundMessage message) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            channel.eventLoop().execute(() -> publishCloudToDevice(message, acknowledged));
        } catch (RejectedExecutionException e) {
            acknowledged.completeExceptionally(new ClosedChannelException());
        }
        return acknowledged;
    }

    @Override
    public void close(String reason) {
        channel.close();
    }

    /** The device acknowledged a packet (event loop). @return whether it was a message this link sent */
    boolean acknowledged(int packetId) {
        CompletableFuture<Void> acknowledged = unacknowledged.remove(packetId);
        if (acknowledged == null) {
            return false;
        }
        acknowledged.complete(null);
        return true;
    }

    /** The connection ended (event loop): messages still waiting for their PUBACK fail. */
    void closed() {
        closed = true;
        features.clear();
        List<CompletableFuture<Void>> waiting = new ArrayList<>(unacknowledged.values());
        unacknowledged.clear();
        waiting.forEach(stage -> stage.completeExceptionally(new ClosedChannelException()));
    }

    private void publishCloudToDevice(DeviceBoundMessage message, CompletableFuture<Void> acknowledged) {
        int packetId = closed || !channel.isActive() ? -1 : nextPacketId();
        if (packetId < 0) {
            acknowledged.completeExceptionally(new ClosedChannelException());
            return;
        }
        unacknowledged.put(packetId, acknowledged);
        MqttPublishMessage publish = MqttMessageBuilders.publish()
                .topicName(cloudToDeviceTopic(identity.deviceId(), message))
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer(message.body()))
                .build();
        channel.writeAndFlush(publish).addListener(written -> {
            if (!written.isSuccess() && unacknowledged.remove(packetId, acknowledged)) {
                acknowledged.completeExceptionally(written.cause());
            }
        });
    }

    private void publishAtMostOnce(String topic, byte[] payload) {
        channel.writeAndFlush(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.AT_MOST_ONCE)
                .payload(Unpooled.wrappedBuffer(payload))
                .build());
    }

    /** @return a packet id no unacknowledged message holds, or -1 when all are taken */
    private int nextPacketId() {
        for (int tries = 0; tries < MAX_PACKET_ID; tries++) {
            lastPacketId = lastPacketId % MAX_PACKET_ID + 1;
            if (!unacknowledged.containsKey(lastPacketId)) {
                return lastPacketId;
            }
        }
        return -1;
    }

    /**
     * The topic IoT Hub publishes a cloud-to-device message on: the property bag holds the system properties first
     * ({@code %24.mid}, {@code %24.to}, {@code %24.cid}, ...; the Java SDK reads the bag from the first {@code %24}),
     * then {@code iothub-ack}, then the application properties. Empty values are left out.
     */
    static String cloudToDeviceTopic(String deviceId, DeviceBoundMessage message) {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        putIfPresent(system, SystemProperty.MESSAGE_ID, message.messageId());
        putIfPresent(system, SystemProperty.TO, message.to());
        putIfPresent(system, SystemProperty.CORRELATION_ID, message.correlationId());
        putIfPresent(system, SystemProperty.USER_ID, message.userId());
        putIfPresent(system, SystemProperty.CONTENT_TYPE, message.contentType());
        putIfPresent(system, SystemProperty.CONTENT_ENCODING, message.contentEncoding());
        Map<String, String> application = new LinkedHashMap<>();
        if (message.ack() != null && !message.ack().isEmpty() && !"none".equals(message.ack())) {
            application.put(ACK_PROPERTY, message.ack());
        }
        if (message.applicationProperties() != null) {
            message.applicationProperties().forEach((name, value) -> {
                if (value != null && !name.equals(ACK_PROPERTY)) {
                    application.putIfAbsent(name, value);
                }
            });
        }
        return "devices/" + deviceId + "/messages/devicebound/" + MqttPropertyBag.encode(new MessageProperties(system, application));
    }

    private static void putIfPresent(Map<SystemProperty, String> system, SystemProperty property, String value) {
        if (value != null && !value.isEmpty()) {
            system.put(property, value);
        }
    }

    @Override
    public String toString() {
        return "MQTT link of " + identity.deviceId() + (identity.moduleId() == null ? "" : "/" + identity.moduleId())
                + " (" + channel.id().asShortText() + ")";
    }
}
