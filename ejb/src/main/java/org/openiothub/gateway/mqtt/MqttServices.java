package org.openiothub.gateway.mqtt;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetrySink;

/**
 * What every MQTT connection works with, resolved once when the gateway starts.
 *
 * @param authenticator   {@code null} when none is deployed: connections are then refused as "server unavailable"
 * @param blockingWork    runs the authenticator, which blocks on the registry, off the event loops
 * @param cloudToDevice   takes the links of devices that subscribe to their cloud-to-device messages
 */
record MqttServices(DeviceAuthenticator authenticator, Executor blockingWork, TelemetrySink telemetry,
        MqttDeviceSessions sessions, DeviceConnectionListener connections, CloudToDeviceDelivery cloudToDevice,
        Clock clock) {

    MqttServices {
        Objects.requireNonNull(blockingWork, "blockingWork");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(cloudToDevice, "cloudToDevice");
        Objects.requireNonNull(clock, "clock");
    }
}
