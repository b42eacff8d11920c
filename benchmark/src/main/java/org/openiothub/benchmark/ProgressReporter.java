package org.openiothub.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints one line a second while the benchmark runs and keeps the per-second PUBACK rates of the measured
 * phase, whose spread shows whether the hub ran steadily or stalled.
 */
final class ProgressReporter implements AutoCloseable {

    static final String MEASURE = "measure";

    private final TelemetryStats stats;
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private final List<Double> measuredRates = new ArrayList<>();
    private volatile LongSupplier received = () -> -1;
    private volatile String phase = "connect";
    private volatile long phaseStartedAt = System.nanoTime();
    private long lastTickAt = System.nanoTime();
    private long lastAcked;
    private long lastReceived;

    ProgressReporter(TelemetryStats stats, PrintStream out) {
        this.stats = stats;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** @param received count of messages the events drain has received, or -1 without a drain */
    void receivedFrom(LongSupplier received) {
        this.received = received;
    }

    /** Starts a phase; entering {@link #MEASURE} forgets the rates of an earlier measured phase. */
    synchronized void phase(String name) {
        if (MEASURE.equals(name)) {
            measuredRates.clear();
        }
        phaseStartedAt = System.nanoTime();
        phase = name;
    }

    /** PUBACKs per second of each whole second of the latest measured phase. */
    synchronized List<Double> measuredRates() {
        return List.copyOf(measuredRates);
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        double seconds = (now - lastTickAt) / 1e9;
        long acked = stats.acked.sum();
        long receivedNow = received.getAsLong();
        double ackRate = (acked - lastAcked) / seconds;
        String currentPhase = phase;
        long inPhase = TimeUnit.NANOSECONDS.toSeconds(now - phaseStartedAt);
        // A tick straddling a phase change would mix warm-up and measured traffic.
        if (MEASURE.equals(currentPhase) && now - phaseStartedAt >= TimeUnit.SECONDS.toNanos(1)) {
            measuredRates.add(ackRate);
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%-8s %4ds] connected %5d | acked %8.0f msg/s | in flight %6d",
                currentPhase, inPhase, stats.connected.sum(), ackRate, stats.inFlight()));
        if (receivedNow >= 0) {
            line.append(String.format(Locale.ROOT, " | received %8.0f msg/s", (receivedNow - lastReceived) / seconds));
        }
        long errors = stats.errorCount();
        if (errors > 0 || stats.disconnects.sum() > 0) {
            line.append(" | errors ").append(errors).append(", disconnects ").append(stats.disconnects.sum());
        }
        out.println(line);
        lastTickAt = now;
        lastAcked = acked;
        lastReceived = receivedNow;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
