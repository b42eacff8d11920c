package org.openiothub.gateway.mqtt;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetrySink;

/**
 * What every MQTT connection works with, resolved once when the gateway starts.
 *
 * @param authenticator   {@code null} when none is deployed: connections are then refused as "server unavailable"
 * @param blockingWork    runs the authenticator, which blocks on the registry, off the event loops
 * @param methods         takes devices' answers to direct methods
 * @param subscriptions   told when a device asks for a kind of traffic; returns at once
 */
record MqttServices(DeviceAuthenticator authenticator, Executor blockingWork, TelemetrySink telemetry,
        MqttDeviceSessions sessions, DeviceConnectionListener connections, Clock clock, MqttMethodHandler methods,
        Consumer<DeviceFeatureSubscribed> subscriptions) {

    /** Without direct methods and with nobody told of subscriptions. */
    MqttServices(DeviceAuthenticator authenticator, Executor blockingWork, TelemetrySink telemetry,
            MqttDeviceSessions sessions, DeviceConnectionListener connections, Clock clock) {
        this(authenticator, blockingWork, telemetry, sessions, connections, clock, MqttMethodHandler.NONE, event -> {
        });
    }

    MqttServices {
        Objects.requireNonNull(blockingWork, "blockingWork");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(subscriptions, "subscriptions");
    }
}
