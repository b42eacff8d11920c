package org.openiothub.gateway.mqtt;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.openiothub.auth.CertificateAuthenticator;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetrySink;
import org.openiothub.twin.DeviceTwins;

/**
 * What every MQTT connection works with, resolved once when the gateway starts.
 *
 * @param authenticator   {@code null} when none is deployed: connections are then refused as "server unavailable"
 * @param blockingWork    runs the authenticator, which blocks on the registry, off the event loops
 * @param methods         takes devices' answers to direct methods
 * @param subscriptions   told when a device asks for a kind of traffic; returns at once
 * @param cloudToDevice   takes the links of devices that subscribe to their cloud-to-device messages
 * @param twins           serves devices' twin requests (blocking, on {@code blockingWork}); {@code null} when none
 *                        is deployed: twin requests are then answered 500
 * @param certificates    authenticates devices that send no password, by their TLS client certificate (blocking, on
 *                        {@code blockingWork}); {@code null} when none is deployed: such devices are then refused
 */
record MqttServices(DeviceAuthenticator authenticator, Executor blockingWork, TelemetrySink telemetry,
        MqttDeviceSessions sessions, DeviceConnectionListener connections, Clock clock, MqttMethodHandler methods,
        Consumer<DeviceFeatureSubscribed> subscriptions, CloudToDeviceDelivery cloudToDevice, DeviceTwins twins,
        CertificateAuthenticator certificates) {

    /** Without X.509 authentication. */
    MqttServices(DeviceAuthenticator authenticator, Executor blockingWork, TelemetrySink telemetry,
            MqttDeviceSessions sessions, DeviceConnectionListener connections, Clock clock, MqttMethodHandler methods,
            Consumer<DeviceFeatureSubscribed> subscriptions, CloudToDeviceDelivery cloudToDevice, DeviceTwins twins) {
        this(authenticator, blockingWork, telemetry, sessions, connections, clock, methods, subscriptions, cloudToDevice,
                twins, null);
    }

    /** Without twins. */
    MqttServices(DeviceAuthenticator authenticator, Executor blockingWork, TelemetrySink telemetry,
            MqttDeviceSessions sessions, DeviceConnectionListener connections, Clock clock, MqttMethodHandler methods,
            Consumer<DeviceFeatureSubscribed> subscriptions, CloudToDeviceDelivery cloudToDevice) {
        this(authenticator, blockingWork, telemetry, sessions, connections, clock, methods, subscriptions, cloudToDevice, null);
    }

    /** Without direct methods, cloud-to-device delivery and twins, and with nobody told of subscriptions. */
    MqttServices(DeviceAuthenticator authenticator, Executor blockingWork, TelemetrySink telemetry,
            MqttDeviceSessions sessions, DeviceConnectionListener connections, Clock clock) {
        this(authenticator, blockingWork, telemetry, sessions, connections, clock, MqttMethodHandler.NONE, event -> {
        }, NO_CLOUD_TO_DEVICE);
    }

    private static final CloudToDeviceDelivery NO_CLOUD_TO_DEVICE = new CloudToDeviceDelivery() {
        @Override
        public void attach(DeviceLink link) {
        }

        @Override
        public void detach(DeviceLink link) {
        }
    };

    MqttServices {
        Objects.requireNonNull(blockingWork, "blockingWork");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    }
}
