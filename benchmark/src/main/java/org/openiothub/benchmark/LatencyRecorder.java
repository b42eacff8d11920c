package org.openiothub.benchmark;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded concurrently from the I/O threads, read as intervals: {@link #reset()} when a phase
 * starts, {@link #interval()} when it ends. Microsecond resolution, three significant digits.
 */
final class LatencyRecorder {

    private final Recorder recorder = new Recorder(3);

    /** Wait-free; safe from any thread. */
    void recordNanos(long nanos) {
        recorder.recordValue(Math.max(1, nanos / 1_000));
    }

    /** Forgets everything recorded so far. */
    void reset() {
        recorder.reset();
    }

    /** Everything recorded since the previous call or {@link #reset()}. */
    Percentiles interval() {
        return Percentiles.of(recorder.getIntervalHistogram());
    }

    /** Latency percentiles in milliseconds; all zero when nothing was recorded. */
    record Percentiles(long count, double p50, double p95, double p99, double max) {

        static Percentiles of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0, 0);
            }
            return new Percentiles(histogram.getTotalCount(),
                    millis(histogram.getValueAtPercentile(50)),
                    millis(histogram.getValueAtPercentile(95)),
                    millis(histogram.getValueAtPercentile(99)),
                    millis(histogram.getMaxValue()));
        }

        private static double millis(long micros) {
            return micros / 1_000.0;
        }
    }
}
