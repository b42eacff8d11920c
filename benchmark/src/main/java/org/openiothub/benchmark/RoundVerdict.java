package org.openiothub.benchmark;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One round's outcome: per kind of operation how many were acknowledged before the crash and which of them the
 * restarted hub no longer has, and every 5xx answer seen (during the load or in the reads after the restart).
 *
 * @param lost         per kind, one line per lost operation, e.g. {@code crash-r1-d7: GET answered 404}
 * @param serverErrors one line per 5xx answer
 */
record RoundVerdict(Map<OperationKind, Long> acknowledged, Map<OperationKind, List<String>> lost,
        List<String> serverErrors) {

    RoundVerdict {
        acknowledged = Map.copyOf(acknowledged);
        Map<OperationKind, List<String>> copy = new EnumMap<>(OperationKind.class);
        lost.forEach((kind, lines) -> copy.put(kind, List.copyOf(lines)));
        lost = copy;
        serverErrors = List.copyOf(serverErrors);
    }

    long acknowledged(OperationKind kind) {
        return acknowledged.getOrDefault(kind, 0L);
    }

    List<String> lost(OperationKind kind) {
        return lost.getOrDefault(kind, List.of());
    }

    long lostCount() {
        return lost.values().stream().mapToLong(List::size).sum();
    }

    /** Nothing acknowledged was lost and no request was answered 5xx. */
    boolean passed() {
        return lostCount() == 0 && serverErrors.isEmpty();
    }
}
