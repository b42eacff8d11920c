package org.openiothub.benchmark;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Counters shared by all device connections; updated from the I/O threads, read by the main flow. */
final class TelemetryStats {

    final LongAdder connected = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    /** Connections the peer or the network closed while the benchmark still wanted them. */
    final LongAdder disconnects = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    /** Messages in flight on a connection when it closed: sent, never acknowledged. */
    final LongAdder lost = new LongAdder();
    final LatencyRecorder pubAckLatency = new LatencyRecorder();
    final LatencyRecorder connectLatency = new LatencyRecorder();

    /** Messages sent and neither acknowledged nor lost yet. */
    long inFlight() {
        return sent.sum() - acked.sum() - lost.sum();
    }

    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** Tallies a failure by its kind, so 1,000 identical refusals print as one line. */
    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The most frequent failure kinds, e.g. {@code 1000 x CONNACK CONNECTION_REFUSED_NOT_AUTHORIZED}. */
    String topErrors(int limit) {
        return errors.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
                .limit(limit)
                .map(e -> e.getValue().sum() + " x " + e.getKey())
                .collect(Collectors.joining("; "));
    }
}
