package org.openiothub.benchmark;

import java.io.PrintStream;
import java.util.Locale;

import org.openiothub.benchmark.LatencyRecorder.Percentiles;

/**
 * What one {@code telemetry} run measured, printed as a block for people and as one JSON line for scripts.
 * Counts named "measured" cover only the measured phase; totals cover the whole run.
 *
 * @param provisionSeconds  -1 when provisioning was skipped
 * @param receivedPerSecond -1 without the events drain
 * @param drain             what read the built-in endpoint (e.g. {@code AMQP}), {@code null} for nothing
 * @param drainVerdict      the reader's account of the acknowledged messages at the end, {@code null} for none
 * @param protocol          the devices' protocol: MQTT or AMQP
 * @param ioThreadBusy      share of wall time the devices' I/O threads spent on CPU (0..1), -1 when unknown
 */
record TelemetryResult(
        String protocol,
        String host,
        String transport,
        int ioThreads,
        int devices,
        long connected,
        long connectFailures,
        double connectSeconds,
        Percentiles connectLatency,
        int created,
        int existing,
        double provisionSeconds,
        int window,
        int payloadBytes,
        int warmupSeconds,
        double measuredSeconds,
        long measuredSent,
        long measuredAcked,
        double ackedPerSecond,
        double slowestSecond,
        double fastestSecond,
        Percentiles pubAckLatency,
        String drain,
        double receivedPerSecond,
        long receivedTotal,
        long ackedTotal,
        String drainFailure,
        String drainVerdict,
        double clientCpuCores,
        double ioThreadBusy,
        int cores,
        long errors,
        long disconnects,
        long lost,
        String topErrors) {

    /** Above this I/O thread load the client, not the hub, is the likely bottleneck. */
    static final double SATURATED = 0.9;

    void print(PrintStream out) {
        out.println("== telemetry: durable " + ("MQTT".equals(protocol) ? "QoS 1 " : "") + "device-to-cloud over "
                + protocol + "/TLS ==");
        line(out, "target", "%s (%s, %d I/O thread%s)", host, transport, ioThreads, ioThreads == 1 ? "" : "s");
        if (provisionSeconds >= 0) {
            line(out, "provisioned", "%d devices in %.1f s (%d created, %d existed)",
                    created + existing, provisionSeconds, created, existing);
        }
        line(out, "connected", "%d of %d in %.1f s (%.0f conn/s), %s p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                connected, devices, connectSeconds, connected / Math.max(connectSeconds, 1e-9),
                "MQTT".equals(protocol) ? "CONNACK" : "telemetry link attached",
                connectLatency.p50(), connectLatency.p99(), connectLatency.max());
        line(out, "load", "window %d per device, payload %d B, warm-up %d s, measured %.1f s",
                window, payloadBytes, warmupSeconds, measuredSeconds);
        line(out, "sent / acked", "%d / %d (measured phase)", measuredSent, measuredAcked);
        line(out, "throughput", "%.0f msg/s acknowledged (slowest second %.0f, fastest %.0f)",
                ackedPerSecond, slowestSecond, fastestSecond);
        line(out, "MQTT".equals(protocol) ? "PUBACK latency" : "accepted latency",
                "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)",
                pubAckLatency.p50(), pubAckLatency.p95(), pubAckLatency.p99(), pubAckLatency.max(),
                pubAckLatency.count());
        if (drain != null) {
            line(out, "received (" + drain + ")", "%.0f msg/s (measured phase); whole run %d received, %d acked%s",
                    receivedPerSecond, receivedTotal, ackedTotal,
                    drainFailure == null ? "" : "; drain FAILED: " + drainFailure);
            if (drainVerdict != null) {
                line(out, "", "%s", drainVerdict);
            }
        } else {
            line(out, "received (AMQP)", "not measured (--drain false)");
        }
        line(out, "client CPU", "%.2f of %d cores for the whole process; device I/O threads %.0f%% busy%s",
                clientCpuCores, cores, ioThreadBusy * 100,
                ioThreadBusy > SATURATED ? " - SATURATED: the load generator limited this result" : "");
        line(out, "errors", "%d errors, %d disconnects, %d connect failures, %d messages lost in flight",
                errors, disconnects, connectFailures, lost);
        if (!topErrors.isEmpty()) {
            line(out, "", "%s", topErrors);
        }
        out.println(json());
    }

    /** One line of JSON with the numbers above; latencies in milliseconds, rates in messages per second. */
    String json() {
        return String.format(Locale.ROOT, "{\"benchmark\":\"telemetry\",\"devices\":%d,\"connected\":%d,"
                        + "\"window\":%d,\"payload_bytes\":%d,\"warmup_s\":%d,\"duration_s\":%.1f,"
                        + "\"sent\":%d,\"acked\":%d,\"msg_per_s\":%.1f,\"slowest_second\":%.1f,"
                        + "\"fastest_second\":%.1f,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,"
                        + "\"max_ms\":%.3f,\"received_per_s\":%s,\"received_total\":%s,\"acked_total\":%d,"
                        + "\"connect_s\":%.2f,\"connect_p99_ms\":%.1f,\"client_cpu_cores\":%.2f,\"io_thread_busy\":%.2f,\"errors\":%d,"
                        + "\"disconnects\":%d,\"connect_failures\":%d,\"lost\":%d,\"transport\":\"%s\","
                        + "\"protocol\":\"%s\",\"drain\":%s}",
                devices, connected, window, payloadBytes, warmupSeconds, measuredSeconds,
                measuredSent, measuredAcked, ackedPerSecond, slowestSecond, fastestSecond,
                pubAckLatency.p50(), pubAckLatency.p95(), pubAckLatency.p99(), pubAckLatency.max(),
                drain != null ? String.format(Locale.ROOT, "%.1f", receivedPerSecond) : "null",
                drain != null ? Long.toString(receivedTotal) : "null", ackedTotal,
                connectSeconds, connectLatency.p99(), clientCpuCores, ioThreadBusy, errors, disconnects, connectFailures, lost,
                transport, protocol.toLowerCase(Locale.ROOT), drain == null ? "null" : "\"" + drain + "\"");
    }

    private static void line(PrintStream out, String label, String format, Object... args) {
        out.printf(Locale.ROOT, "%-16s %s%n", label, String.format(Locale.ROOT, format, args));
    }
}
