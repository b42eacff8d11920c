package org.openiothub.gateway.coap;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.c2d.JpaCloudToDeviceQueue;
import org.openiothub.telemetry.TelemetrySink;
import org.openiothub.twin.DeviceTwins;

/**
 * What the CoAP resources work with, resolved once when the gateway starts.
 *
 * @param blockingWork  runs what blocks on the registry or the database, off Californium's threads
 * @param authenticator checks the SAS tokens of requests over plain CoAP; {@code null} when none is deployed
 * @param twins         {@code null} when none is deployed: twin requests are then answered 5.00
 */
record CoapServices(Executor blockingWork, TelemetrySink telemetry, DeviceTwins twins, JpaCloudToDeviceQueue cloudToDevice,
        DeviceAuthenticator authenticator, Clock clock) {

    CoapServices {
        Objects.requireNonNull(blockingWork, "blockingWork");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(cloudToDevice, "cloudToDevice");
        Objects.requireNonNull(clock, "clock");
    }
}
