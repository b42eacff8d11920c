package org.openiothub.benchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** Prints the crash test's summary of each round and of the whole run. */
final class CrashTestReport {

    private static final int LOSSES_SHOWN = 10;

    private final PrintStream out;

    CrashTestReport(PrintStream out) {
        this.out = out;
    }

    void round(RoundResult result, int rounds) {
        out.printf(Locale.ROOT, "round %d/%d: kill -9 after %.2f s of load (pids %s); restart %.1f s;"
                        + " %d/%d devices reconnected in %.2f s%n",
                result.round(), rounds, result.killedAfterMillis() / 1000.0, result.killedPids(),
                result.restartSeconds(), result.reconnected(), result.fleetSize(), result.reconnectSeconds());
        RoundVerdict verdict = result.verdict();
        table(kind -> verdict.acknowledged(kind), kind -> verdict.lost(kind).size());
        out.printf("  5xx answers: %d%n", verdict.serverErrors().size());
        verdict.serverErrors().stream().limit(LOSSES_SHOWN).forEach(line -> out.println("    " + line));
        result.refusals().forEach((what, count) -> out.printf("  refused: %d x %s%n", count, what));
        if (verdict.lostCount() > 0) {
            out.printf("  lost (at most %d per kind shown):%n", LOSSES_SHOWN);
            for (OperationKind kind : OperationKind.values()) {
                verdict.lost(kind).stream().limit(LOSSES_SHOWN)
                        .forEach(line -> out.printf("    %-15s %s%n", kind.label, line));
            }
        }
        out.println("  " + (result.passed() ? "PASSED" : "FAILED"));
        out.flush();
    }

    /** @param aborted why the run ended before its last round, or {@code null} */
    void total(List<RoundResult> results, long seed, String aborted) {
        out.printf("crash test: %d rounds checked (seed %d)%n", results.size(), seed);
        table(kind -> results.stream().mapToLong(r -> r.verdict().acknowledged(kind)).sum(),
                kind -> results.stream().mapToLong(r -> r.verdict().lost(kind).size()).sum());
        long serverErrors = results.stream().mapToLong(r -> r.verdict().serverErrors().size()).sum();
        long failedRounds = results.stream().filter(r -> !r.passed()).count();
        long missing = results.stream().mapToLong(r -> r.fleetSize() - r.reconnected()).sum();
        out.printf("  5xx answers: %d; devices not reconnected: %d; rounds failed: %d of %d%n", serverErrors, missing,
                failedRounds, results.size());
        out.printf(Locale.ROOT, "  restart: mean %.1f s, max %.1f s; reconnect: mean %.2f s, max %.2f s%n",
                mean(results, RoundResult::restartSeconds), max(results, RoundResult::restartSeconds),
                mean(results, RoundResult::reconnectSeconds), max(results, RoundResult::reconnectSeconds));
        if (aborted != null) {
            out.println("  aborted: " + aborted);
        }
        out.println(failedRounds == 0 && aborted == null ? "PASSED: nothing acknowledged was lost" : "FAILED");
        out.flush();
    }

    private void table(ToLongFunction<OperationKind> acknowledged, ToLongFunction<OperationKind> lost) {
        out.printf("  %-15s %12s %6s%n", "operation", "acknowledged", "lost");
        for (OperationKind kind : OperationKind.values()) {
            out.printf("  %-15s %12d %6d%n", kind.label, acknowledged.applyAsLong(kind), lost.applyAsLong(kind));
        }
    }

    private static double mean(List<RoundResult> results, ToDoubleFunction<RoundResult> value) {
        return results.stream().mapToDouble(value).average().orElse(0);
    }

    private static double max(List<RoundResult> results, ToDoubleFunction<RoundResult> value) {
        return results.stream().mapToDouble(value).max().orElse(0);
    }
}
