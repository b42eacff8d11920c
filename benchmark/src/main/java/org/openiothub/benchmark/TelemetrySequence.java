package org.openiothub.benchmark;

/**
 * Numbers a device's telemetry messages, names the topic that carries each number, and hears which the hub
 * acknowledged, for a load that must account for every message. Called on the connection's event loop.
 */
interface TelemetrySequence {

    /** The number of the next message. */
    long next();

    /** The topic message {@code sequence} is published on, which carries its number to the back end. */
    String topic(long sequence);

    /** The hub acknowledged message {@code sequence} (PUBACK): it must reach the back end. */
    void acknowledged(long sequence);
}
