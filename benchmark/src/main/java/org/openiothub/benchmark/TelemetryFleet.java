package org.openiothub.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * The simulated devices of the {@code telemetry} benchmark over one protocol: they connect, then each keeps a
 * window of unacknowledged telemetry messages, counting sends, acknowledgements, latency and errors in the
 * {@link TelemetryDevices#stats() stats}.
 */
interface TelemetryFleet extends AutoCloseable {

    /**
     * Connects every device at most {@code perSecond} a second and waits until each has connected or failed.
     *
     * @param timeout per device, from its start to its being ready to send
     */
    void connectAll(List<DeviceCredentials> devices, TelemetryDevices telemetry, int perSecond, Duration timeout)
            throws InterruptedException;

    /** The socket transport and, for a protocol with choices, how devices map to connections. */
    String transport();

    /** CPU time of the I/O threads in nanoseconds, -1 when unknown. */
    long ioCpuNanos();

    /** Every connected device starts filling its window. */
    void startPublishing();

    /** Sets every device's window of unacknowledged messages, at most {@link TelemetryDevices#maxWindow()}. */
    void window(int window);

    /** Stops sending; messages in flight may still be acknowledged. */
    void stopPublishing();

    /** Closes every connection cleanly, waiting up to {@code timeout} for them to close. */
    void disconnectAll(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
