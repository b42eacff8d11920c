package org.openiothub.benchmark;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Issues work at a fixed rate regardless of how fast earlier work completes (open loop), so a slow hub shows up
 * as latency and lost requests rather than as a lower send rate.
 */
final class OpenLoopPacer {

    private final long spacingNanos;
    private final LatencyRecorder lag = new LatencyRecorder();
    private long next;

    /** @param perSecond at least 1 */
    OpenLoopPacer(int perSecond) {
        this.spacingNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    }

    /**
     * Calls {@code action} with consecutive sequence numbers (continuing from the previous call) at their due
     * times until {@code duration} has passed; the action must not block.
     */
    void run(Duration duration, LongConsumer action) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long base = next;
        for (long i = 0; ; i++) {
            long due = start + i * spacingNanos;
            if (due >= end) {
                break;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            lag.recordNanos(System.nanoTime() - due);
            action.accept(base + i);
            next = base + i + 1;
        }
    }

    /** How late the calls of the last {@link #run} started against their due times. */
    LatencyRecorder.Percentiles lag() {
        return lag.interval();
    }
}
