package org.openiothub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/** Starting many connects at a bounded rate, with a bounded number outstanding. */
final class PacedStarts {

    private PacedStarts() {
    }

    /**
     * Starts {@code count} attempts, at most {@code perSecond} a second with at most a quarter second's worth
     * outstanding, and waits until each has succeeded or failed. A hub slower than 250 ms per attempt therefore
     * lowers the achieved rate instead of piling up handshakes, which would also inflate every attempt's measured
     * time with the client's own queueing.
     *
     * @param start   starts attempt {@code i}; its future completes when the attempt succeeded or failed
     * @param timeout per attempt: all must have settled by then plus five seconds
     */
    static void run(int count, int perSecond, Duration timeout, IntFunction<CompletableFuture<Void>> start)
            throws InterruptedException {
        Semaphore outstanding = new Semaphore(Math.max(8, perSecond / 4));
        List<CompletableFuture<Void>> attempts = new ArrayList<>(count);
        long begin = System.nanoTime();
        long spacing = TimeUnit.SECONDS.toNanos(1) / perSecond;
        for (int i = 0; i < count; i++) {
            long due = begin + i * spacing;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            outstanding.acquire();
            attempts.add(start.apply(i).whenComplete((ok, failure) -> outstanding.release()));
        }
        try {
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Individual failures are tallied in TelemetryStats; only completion matters here.
        } catch (TimeoutException e) {
            throw new IllegalStateException("connection attempts did not settle within the connect timeout", e);
        }
    }
}
