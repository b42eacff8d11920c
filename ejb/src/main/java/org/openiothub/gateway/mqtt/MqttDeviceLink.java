package org.openiothub.gateway.mqtt;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;

/**
 * A device's MQTT connection as the hub core sees it: what it subscribed to, and hub-to-device publishes at QoS 0
 * (both SDKs accept twin and method traffic at QoS 0). Safe from any thread: the channel hands writes to its event
 * loop. Subscriptions change only on the event loop.
 */
final class MqttDeviceLink implements DeviceLink {

    /** Where a connection keeps its link, from the moment it is registered. */
    static final AttributeKey<MqttDeviceLink> KEY = AttributeKey.valueOf("openiothub.device-link");

    private static final Logger LOG = Logger.getLogger(MqttDeviceLink.class);
    static final String METHOD_REQUEST_PREFIX = "$iothub/methods/POST/";
    static final String DESIRED_PATCH_PREFIX = "$iothub/twin/PATCH/properties/desired/?$version=";

    private final DeviceIdentity identity;
    private final Channel channel;
    /** Replaced, never changed in place: readers on other threads see a whole set. */
    private volatile Set<DeviceFeature> features = Set.of();

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

    void unsubscribed(DeviceFeature feature) {
        if (features.contains(feature)) {
            EnumSet<DeviceFeature> next = EnumSet.copyOf(features);
            next.remove(feature);
            features = Set.copyOf(next);
        }
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

    @Override
    public CompletionStage<Void> sendCloudToDeviceMessage(DeviceBoundMessage message) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("Cloud-to-device messages over MQTT are not served yet"));
    }

    @Override
    public void close(String reason) {
        LOG.debugf("[device-id: %s] closing the connection: %s", clientId(), reason);
        channel.close();
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

    private String clientId() {
        return identity.moduleId() == null ? identity.deviceId() : identity.deviceId() + "/" + identity.moduleId();
    }

    @Override
    public String toString() {
        return "MqttDeviceLink[" + clientId() + ", " + features + "]";
    }
}
