package org.openiothub.benchmark;

/** Numbers one device's telemetry messages across its connections and hears which were acknowledged. */
interface TelemetrySequence {

    /** The number of the next message; called on the device's event loop. */
    long next();

    /** The hub acknowledged message {@code sequence} (PUBACK): it must reach the back end. */
    void acknowledged(long sequence);
}
