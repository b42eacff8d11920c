package org.openiothub.telemetry;

import java.util.concurrent.CompletionStage;

/** Where the device gateways hand telemetry over for durable storage. */
public interface TelemetrySink {

    /**
     * Stores a message durably, without blocking the caller: a device may be acknowledged once the returned
     * stage completes normally, and must not be when it completes exceptionally (the device then sends again).
     * Safe to call from any thread; messages sent from one thread are stored, and acknowledged, in order.
     */
    CompletionStage<Void> send(TelemetryMessage message);
}
