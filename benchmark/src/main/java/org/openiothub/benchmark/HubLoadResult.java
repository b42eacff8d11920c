package org.openiothub.benchmark;

import java.io.PrintStream;
import java.util.Locale;

import org.openiothub.benchmark.LatencyRecorder.Percentiles;

/**
 * What one {@code methods}, {@code twin-desired}, {@code twin-reported} or {@code c2d} run measured, printed as a
 * block for people and as one JSON line for scripts. "Measured" counts cover only the measured phase.
 *
 * @param serviceLatency the service API's own answer time when it is not the headline latency, else {@code null}
 * @param serviceLatencyName what answers the service API's request, e.g. {@code HTTP answer}
 * @param pacerLag       how late back-end requests started against their schedule, {@code null} for device-driven load
 * @param lost           whole run: work that failed (its reasons are in {@code topErrors})
 * @param missing        work still unanswered when the run ended, after waiting the timeout
 */
record HubLoadResult(
        String benchmark,
        String title,
        String host,
        String transport,
        int devices,
        long connected,
        long connectFailures,
        double connectSeconds,
        Percentiles connectLatency,
        String load,
        int rate,
        int window,
        int warmupSeconds,
        double measuredSeconds,
        long measuredSent,
        long measuredCompleted,
        double offeredPerSecond,
        double completedPerSecond,
        double slowestSecond,
        double fastestSecond,
        String latencyName,
        Percentiles latency,
        Percentiles serviceLatency,
        String serviceLatencyName,
        Percentiles pacerLag,
        long measuredErrors,
        long lost,
        long missing,
        long disconnects,
        String topErrors,
        String details,
        double clientCpuCores,
        int cores,
        String loadAverage) {

    void print(PrintStream out) {
        out.println("== " + title + " ==");
        line(out, "target", "%s (MQTT %s)", host, transport);
        line(out, "connected", "%d of %d in %.1f s, CONNACK+SUBACK p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                connected, devices, connectSeconds, connectLatency.p50(), connectLatency.p99(), connectLatency.max());
        line(out, "load", "%s; warm-up %d s, measured %.1f s", load, warmupSeconds, measuredSeconds);
        line(out, "sent / completed", "%d / %d (measured phase)", measuredSent, measuredCompleted);
        line(out, "throughput", "%.0f/s completed of %.0f/s sent (slowest second %.0f, fastest %.0f)",
                completedPerSecond, offeredPerSecond, slowestSecond, fastestSecond);
        line(out, latencyName, "%s", describe(latency));
        if (serviceLatency != null) {
            line(out, serviceLatencyName, "%s", describe(serviceLatency));
        }
        if (pacerLag != null) {
            line(out, "send lag", "p99 %.2f ms, max %.2f ms behind schedule", pacerLag.p99(), pacerLag.max());
        }
        if (!details.isEmpty()) {
            line(out, "devices", "%s", details);
        }
        line(out, "client CPU", "%.2f of %d cores for the whole process; machine load average %s",
                clientCpuCores, cores, loadAverage);
        line(out, "errors", "%d in the measured phase; whole run: %d lost, %d still unanswered at the end, "
                + "%d disconnects, %d connect failures", measuredErrors, lost, missing, disconnects, connectFailures);
        if (!topErrors.isEmpty()) {
            line(out, "", "%s", topErrors);
        }
        out.println(json());
    }

    /** One line of JSON with the numbers above; latencies in milliseconds, rates per second. */
    String json() {
        return String.format(Locale.ROOT, "{\"benchmark\":\"%s\",\"devices\":%d,\"connected\":%d,\"rate\":%s,"
                        + "\"window\":%s,\"warmup_s\":%d,\"duration_s\":%.1f,\"sent\":%d,\"completed\":%d,"
                        + "\"sent_per_s\":%.1f,\"completed_per_s\":%.1f,\"slowest_second\":%.1f,\"fastest_second\":%.1f,"
                        + "\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"http_p99_ms\":%s,"
                        + "\"send_lag_p99_ms\":%s,\"connect_s\":%.2f,\"errors\":%d,\"lost\":%d,\"missing\":%d,"
                        + "\"disconnects\":%d,\"connect_failures\":%d,\"client_cpu_cores\":%.2f,\"load_average\":\"%s\"}",
                benchmark, devices, connected, pacerLag != null ? Integer.toString(rate) : "null",
                pacerLag == null ? Integer.toString(window) : "null", warmupSeconds, measuredSeconds,
                measuredSent, measuredCompleted, offeredPerSecond, completedPerSecond, slowestSecond, fastestSecond,
                latency.p50(), latency.p95(), latency.p99(), latency.max(),
                serviceLatency == null ? "null" : String.format(Locale.ROOT, "%.3f", serviceLatency.p99()),
                pacerLag == null ? "null" : String.format(Locale.ROOT, "%.3f", pacerLag.p99()),
                connectSeconds, measuredErrors, lost, missing, disconnects, connectFailures, clientCpuCores, loadAverage);
    }

    private static String describe(Percentiles p) {
        return String.format(Locale.ROOT, "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)",
                p.p50(), p.p95(), p.p99(), p.max(), p.count());
    }

    private static void line(PrintStream out, String label, String format, Object... args) {
        out.printf(Locale.ROOT, "%-16s %s%n", label, String.format(Locale.ROOT, format, args));
    }
}
