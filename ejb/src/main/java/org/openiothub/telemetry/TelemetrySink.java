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

    /**
     * The sink for a gateway to keep and call per message. An enterprise bean returns its instance, not its
     * container view: the view's interceptors cost more than a send (a profile of the telemetry benchmark found a
     * third of the hub's CPU in them), and a sink that manages its own concurrency and needs no transaction gains
     * nothing from them. Call it through the view once, at start.
     */
    default TelemetrySink direct() {
        return this;
    }
}
