package org.openiothub.benchmark;

/** A back-end reader of the built-in endpoint during the telemetry benchmark. */
interface TelemetryDrain extends AutoCloseable {

    /** Messages received so far. */
    long received();

    /** Why the reader stopped early, or {@code null} while it is healthy. */
    String failure();

    /** How the result names what was read: e.g. {@code AMQP} or {@code Event Hub}. */
    String label();

    /**
     * What the reader can say at the end about the messages the devices had acknowledged: none missing, or how
     * many; {@code null} when it cannot tell more than the totals.
     *
     * @param acked messages the devices had acknowledged over the whole run
     */
    String verdict(long acked);

    @Override
    void close() throws InterruptedException;
}
