package org.openiothub.gateway.coap;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.c2d.JpaCloudToDeviceQueue;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetrySink;
import org.openiothub.twin.DeviceTwins;

/**
 * What the CoAP resources work with, resolved once when the gateway starts.
 *
 * @param blockingWork  runs what blocks on the registry or the database, off Californium's threads
 * @param authenticator checks the SAS tokens of requests over plain CoAP; {@code null} when none is deployed
 * @param twins         {@code null} when none is deployed: twin requests are then answered 5.00
 * @param connections   told of each authorized request, as activity ({@code lastActivityTime})
 * @param links         the devices observing their resources
 * @param methods       takes devices' answers to direct methods; returns at once
 * @param subscriptions told when a device starts observing a kind of traffic; returns at once
 */
record CoapServices(Executor blockingWork, TelemetrySink telemetry, DeviceTwins twins, JpaCloudToDeviceQueue cloudToDevice,
        DeviceAuthenticator authenticator, Clock clock, DeviceConnectionListener connections, CoapDeviceLinks links, MethodAnswers methods,
        Consumer<DeviceFeatureSubscribed> subscriptions) {

    /** What takes a device's answer to a direct method: the core's {@code DirectMethods::responded}. */
    @FunctionalInterface
    interface MethodAnswers {
        void responded(DeviceIdentity from, String requestId, int status, byte[] payload);
    }

    CoapServices {
        Objects.requireNonNull(blockingWork, "blockingWork");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(cloudToDevice, "cloudToDevice");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(subscriptions, "subscriptions");
    }
}
