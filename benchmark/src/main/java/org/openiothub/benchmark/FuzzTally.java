package org.openiothub.benchmark;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** Cases sent per kind and what each was answered, counted from any thread. */
final class FuzzTally {

    private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentSkipListMap<>();
    private final LongAdder serverErrors = new LongAdder();
    private final Map<String, String> firstServerError = new ConcurrentHashMap<>();

    /** @param outcome e.g. {@code 400}, {@code closed}, {@code connack-5} */
    void count(String kind, String outcome) {
        outcomes.computeIfAbsent(kind, k -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    /** An HTTP answer: a 5xx is also counted as a server error, the first per kind kept with what caused it. */
    void status(String kind, int status, String request) {
        count(kind, String.valueOf(status));
        if (status >= 500) {
            serverErrors.increment();
            firstServerError.putIfAbsent(kind, status + " for " + request);
        }
    }

    long serverErrors() {
        return serverErrors.sum();
    }

    Map<String, String> firstServerErrors() {
        return new TreeMap<>(firstServerError);
    }

    long cases() {
        return outcomes.values().stream().flatMap(m -> m.values().stream()).mapToLong(LongAdder::sum).sum();
    }

    /** kind -> outcome -> count, sorted. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        outcomes.forEach((kind, byOutcome) -> {
            Map<String, Long> counts = new TreeMap<>();
            byOutcome.forEach((outcome, n) -> counts.put(outcome, n.sum()));
            copy.put(kind, counts);
        });
        return copy;
    }
}
