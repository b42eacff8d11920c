package org.openiothub.gateway.amqp;

import java.nio.channels.ClosedChannelException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.registry.DeviceConnectionListener;

/**
 * A device (or module) on an AMQP connection as the hub core sees it: the links it attached to its own nodes. It
 * is connected from its first link to the end of its last one. What the hub sends goes to the event loop and out
 * on the link that carries it; a feature is accepted while that link is attached. Safe from any thread.
 */
final class AmqpDevice implements DeviceLink {

    private static final Logger LOG = Logger.getLogger(AmqpDevice.class);

    /** Sends method requests (event loop). */
    interface MethodRequestSender {
        void send(String requestId, String methodName, byte[] payload);
    }

    /** Sends desired-property notifications (event loop). */
    interface DesiredPropertiesSender {
        void send(long version, byte[] patchJson);
    }

    private final DeviceIdentity identity;
    private final ProtonDriver driver;
    private final Runnable onLastLinkGone;
    private final Consumer<String> closeLinks;
    private volatile Set<DeviceFeature> features = Set.of();
    private CloudToDeviceSender cloudToDevice;
    private MethodRequestSender methods;
    private DesiredPropertiesSender desired;
    /** Event loop only, like the senders; atomic so that no reader elsewhere could see a torn count. */
    private final AtomicInteger links = new AtomicInteger();
    private final AtomicBoolean gone = new AtomicBoolean();

    /**
     * @param onLastLinkGone runs on the event loop when the device's last link closed
     * @param closeLinks     closes the device's links, with a reason (event loop); other devices of the same
     *                       connection keep theirs
     */
    AmqpDevice(DeviceIdentity identity, ProtonDriver driver, Runnable onLastLinkGone, Consumer<String> closeLinks) {
        this.identity = identity;
        this.driver = driver;
        this.onLastLinkGone = onLastLinkGone;
        this.closeLinks = closeLinks;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public boolean accepts(DeviceFeature feature) {
        return features.contains(feature);
    }

    @Override
    public void sendDesiredPropertiesPatch(long version, byte[] patchJson) {
        requireWritable();
        driver.execute(() -> {
            if (desired != null) {
                desired.send(version, patchJson);
            }
        });
    }

    @Override
    public void sendMethodRequest(String requestId, String methodName, byte[] payload) {
        requireWritable();
        driver.execute(() -> {
            if (methods != null) {
                methods.send(requestId, methodName, payload);
            } else {
                LOG.debugf("[device-id: %s] method request %s dropped: its methods link closed", clientId(), requestId);
            }
        });
    }

    @Override
    public CompletionStage<DeviceSettlement> sendCloudToDeviceMessage(DeviceBoundMessage message) {
        CompletableFuture<DeviceSettlement> settled = new CompletableFuture<>();
        driver.execute(() -> {
            if (cloudToDevice == null) {
                settled.completeExceptionally(new ClosedChannelException());
            } else {
                cloudToDevice.send(message, settled);
            }
        });
        return settled;
    }

    @Override
    public void close(String reason) {
        LOG.debugf("[device-id: %s] closing its AMQP links: %s", clientId(), reason);
        driver.execute(() -> closeLinks.accept(reason));
    }

    // --- event loop ---------------------------------------------------------------------------------------------

    int links() {
        return links.get();
    }

    void linkOpened() {
        links.incrementAndGet();
    }

    void linkClosed() {
        if (links.decrementAndGet() == 0) {
            gone();
        }
    }

    /** The last link closed, or the connection ended: nothing more goes out. */
    void gone() {
        if (!gone.compareAndSet(false, true)) {
            return;
        }
        features = Set.of();
        cloudToDevice = null;
        methods = null;
        desired = null;
        onLastLinkGone.run();
    }

    void cloudToDevice(CloudToDeviceSender sender) {
        cloudToDevice = sender;
        feature(DeviceFeature.CLOUD_TO_DEVICE, sender != null);
    }

    CloudToDeviceSender cloudToDevice() {
        return cloudToDevice;
    }

    MethodRequestSender methods() {
        return methods;
    }

    DesiredPropertiesSender desiredProperties() {
        return desired;
    }

    /** Tells the hub the device now takes {@code feature}'s traffic, so that what waits for it goes out. */
    void announce(DeviceFeature feature, Consumer<DeviceFeatureSubscribed> subscriptions) {
        try {
            subscriptions.accept(new DeviceFeatureSubscribed(identity, feature));
        } catch (RuntimeException e) {
            LOG.warnf("[device-id: %s] a subscription listener failed: %s", clientId(), e);
        }
    }

    /** Tells the registry the device did something, for its last-activity time. */
    void active(DeviceConnectionListener connections) {
        try {
            connections.activity(identity);
        } catch (RuntimeException e) {
            // the registry's bookkeeping must not cost the device its traffic
        }
    }

    void methods(MethodRequestSender sender) {
        methods = sender;
        feature(DeviceFeature.METHODS, sender != null);
    }

    void desiredProperties(DesiredPropertiesSender sender) {
        desired = sender;
        feature(DeviceFeature.DESIRED_PROPERTIES, sender != null);
    }

    /** Whether the device has a twin link that takes responses. */
    void twinResponses(boolean attached) {
        feature(DeviceFeature.TWIN_RESPONSES, attached);
    }

    private void feature(DeviceFeature feature, boolean on) {
        EnumSet<DeviceFeature> next = features.isEmpty() ? EnumSet.noneOf(DeviceFeature.class) : EnumSet.copyOf(features);
        if (on) {
            next.add(feature);
        } else {
            next.remove(feature);
        }
        features = Set.copyOf(next);
    }

    private void requireWritable() {
        if (features.isEmpty()) {
            throw new IllegalStateException("The AMQP connection of " + clientId() + " is closed");
        }
        if (!driver.isWritable()) {
            throw new IllegalStateException("The AMQP connection of " + clientId() + " is not reading what it is sent");
        }
    }

    String clientId() {
        return identity.moduleId() == null ? identity.deviceId() : identity.deviceId() + "/" + identity.moduleId();
    }

    @Override
    public String toString() {
        return "AmqpDevice[" + clientId() + ", " + features + "]";
    }
}
