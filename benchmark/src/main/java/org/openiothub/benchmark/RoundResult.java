package org.openiothub.benchmark;

import java.util.List;
import java.util.Map;

/**
 * One crash-test round.
 *
 * @param killedAfterMillis how long the load had run when the server was killed
 * @param killedPids        the server's processes that were sent SIGKILL (the start script and the JVM)
 * @param restartSeconds    from the start of the restart until every endpoint accepted connections
 * @param reconnectSeconds  from then until the fleet's devices had connected and subscribed
 * @param refusals          4xx answers of the load, by request and status
 */
record RoundResult(int round, long killedAfterMillis, List<Long> killedPids, double restartSeconds,
        double reconnectSeconds, int reconnected, int fleetSize, RoundVerdict verdict, Map<String, Long> refusals) {

    RoundResult {
        killedPids = List.copyOf(killedPids);
        refusals = Map.copyOf(refusals);
    }

    /** Nothing lost, no 5xx, every device back. */
    boolean passed() {
        return verdict.passed() && reconnected == fleetSize;
    }
}
