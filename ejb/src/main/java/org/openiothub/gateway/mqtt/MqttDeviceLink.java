package org.openiothub.gateway.mqtt;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;

/**
 * A device's MQTT connection as the hub core sees it: what it subscribed to, and hub-to-device publishes: twin and
 * method traffic at QoS 0 (both SDKs accept it), cloud-to-device messages at QoS 1 on
 * {@code devices/{id}/messages/devicebound/<bag>}, each completed by the device's PUBACK. Safe from any thread: the
 * channel hands writes to its event loop. Subscriptions, PUBACKs and the end of the connection arrive on the event
 * loop.
 */
final class MqttDeviceLink implements DeviceLink {

    /** Where a connection keeps its link, from the moment it is registered. */
    static final AttributeKey<MqttDeviceLink> KEY = AttributeKey.valueOf("openiothub.device-link");

    private static final Logger LOG = Logger.getLogger(MqttDeviceLink.class);
    static final String METHOD_REQUEST_PREFIX = "$iothub/methods/POST/";
    static final String DESIRED_PATCH_PREFIX = "$iothub/twin/PATCH/properties/desired/?$version=";
    static final String ACK_PROPERTY = "iothub-ack";
    private static final int MAX_PACKET_ID = 65_535;

    private final DeviceIdentity identity;
    private final Channel channel;
    /** Replaced, never changed in place: readers on other threads see a whole set. */
    private volatile Set<DeviceFeature> features = Set.of();
    /** Cloud-to-device messages sent and not yet acknowledged, by packet id; event loop only. */
    private final Map<Integer, CompletableFuture<DeviceSettlement>> unacknowledged = new HashMap<>();
    private int lastPacketId;
    private boolean closed;

    MqttDeviceLink(DeviceIdentity identity, Channel channel) {
        this.identity = identity;
        this.channel = channel;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public boolean accepts(DeviceFeature feature) {
        return channel.isActive() && features.contains(feature);
    }

    /** @return whether the feature is new to this connection */
    boolean subscribed(DeviceFeature feature) {
        if (features.contains(feature)) {
            return false;
        }
        EnumSet<DeviceFeature> next = features.isEmpty() ? EnumSet.noneOf(DeviceFeature.class) : EnumSet.copyOf(features);
        next.add(feature);
        features = Set.copyOf(next);
        return true;
    }

    /** @return whether the connection had the feature */
    boolean unsubscribed(DeviceFeature feature) {
        if (!features.contains(feature)) {
            return false;
        }
        EnumSet<DeviceFeature> next = EnumSet.copyOf(features);
        next.remove(feature);
        features = Set.copyOf(next);
        return true;
    }

    /** @throws IllegalStateException when the connection is closed or cannot take more writes */
    @Override
    public void sendMethodRequest(String requestId, String methodName, byte[] payload) {
        publish(METHOD_REQUEST_PREFIX + methodName + "/?$rid=" + requestId, payload);
    }

    /** @throws IllegalStateException when the connection is closed or cannot take more writes */
    @Override
    public void sendDesiredPropertiesPatch(long version, byte[] patchJson) {
        publish(DESIRED_PATCH_PREFIX + version, patchJson);
    }

    /**
     * Answers a twin request on {@code $iothub/twin/res/...} at QoS 0.
     *
     * @throws IllegalStateException when the connection is closed or cannot take more writes
     */
    void sendTwinResponse(String topic, byte[] body) {
        publish(topic, body);
    }

    @Override
    public CompletionStage<DeviceSettlement> sendCloudToDeviceMessage(DeviceBoundMessage message) {
        CompletableFuture<DeviceSettlement> acknowledged = new CompletableFuture<>();
        try {
            channel.eventLoop().execute(() -> publishCloudToDevice(message, acknowledged));
        } catch (RejectedExecutionException e) {
            acknowledged.completeExceptionally(new ClosedChannelException());
        }
        return acknowledged;
    }

    @Override
    public void close(String reason) {
        LOG.debugf("[device-id: %s] closing the connection: %s", clientId(), reason);
        channel.close();
    }

    /** The device acknowledged a packet (event loop). @return whether it was a message this link sent */
    boolean acknowledged(int packetId) {
        CompletableFuture<DeviceSettlement> acknowledged = unacknowledged.remove(packetId);
        if (acknowledged == null) {
            return false;
        }
        acknowledged.complete(DeviceSettlement.COMPLETED);
        return true;
    }

    /** The connection ended (event loop): messages still waiting for their PUBACK fail. */
    void closed() {
        closed = true;
        features = Set.of();
        List<CompletableFuture<DeviceSettlement>> waiting = new ArrayList<>(unacknowledged.values());
        unacknowledged.clear();
        waiting.forEach(stage -> stage.completeExceptionally(new ClosedChannelException()));
    }

    private void publishCloudToDevice(DeviceBoundMessage message, CompletableFuture<DeviceSettlement> acknowledged) {
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

    private void publish(String topic, byte[] payload) {
        if (!channel.isActive()) {
            throw new IllegalStateException("The connection of " + clientId() + " is closed");
        }
        if (!channel.isWritable()) {
            // A device that does not read must not make the hub buffer without bound.
            throw new IllegalStateException("The connection of " + clientId() + " is not reading what it is sent");
        }
        channel.writeAndFlush(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.AT_MOST_ONCE)
                .retained(false)
                .payload(Unpooled.wrappedBuffer(payload))
                .build(), channel.voidPromise());
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

    private String clientId() {
        return identity.moduleId() == null ? identity.deviceId() : identity.deviceId() + "/" + identity.moduleId();
    }

    @Override
    public String toString() {
        return "MqttDeviceLink[" + clientId() + ", " + features + "]";
    }
}
