package org.openiothub.benchmark;

/**
 * Gives each telemetry message of one device connection a topic of its own (e.g. its {@code $.mid}) and hears which
 * of them the hub acknowledged, for a load that must account for every message. Called on the connection's event
 * loop.
 */
interface TelemetryLedger {

    /** @param sequence the message's number on this connection, from 1 */
    String topic(long sequence);

    /** The hub sent a PUBACK for the message numbered {@code sequence}. */
    void acknowledged(long sequence);
}
