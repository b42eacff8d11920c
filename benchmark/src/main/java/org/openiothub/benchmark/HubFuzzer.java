package org.openiothub.benchmark;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

/**
 * The {@code fuzz} run: hostile MQTT, REST and query input from {@link FuzzOptions#workers()} threads for a bounded
 * time and count, a well-behaved device and back end meanwhile, the server's heap, threads and open files before and
 * after. Progress goes to {@code err}, the result (one JSON object) to {@code out}.
 */
final class HubFuzzer {

    /** Exit status when the hub answered 5xx, died, or failed a well-behaved client. */
    static final int DEFECT = 4;
    private static final int TARGET_DEVICES = 8;
    private static final String[] SLOW_KINDS = {"mqtt.no-tls-handshake", "mqtt.tls-no-connect", "mqtt.trickled-connect",
        "mqtt.stalled-length"};

    private final FuzzOptions options;
    private final PrintStream out;
    private final PrintStream err;

    HubFuzzer(FuzzOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    int run() throws Exception {
        SSLContext tls = TrustedCa.fromPem(options.ca()).jdkContext();
        FuzzHubApi api = new FuzzHubApi(tls, options.host(), options.hub());
        FuzzTally tally = new FuzzTally();
        ServerProbe server = options.serverPid() > 0 ? new ServerProbe(options.serverPid()) : null;

        String goodKey = api.device("fuzz-good");
        api.device("fuzz-rest");
        List<FuzzMqttCases.Target> targets = new ArrayList<>();
        long expiry = System.currentTimeMillis() / 1000 + 24 * 3600;
        for (int i = 0; i < TARGET_DEVICES; i++) {
            String id = "fuzz-target-" + i;
            targets.add(new FuzzMqttCases.Target(id, SasTokens.forDevice(api.hostName(), id, api.device(id), expiry)));
        }
        FuzzWellBehaved good = new FuzzWellBehaved(tls, options.host(), api, "fuzz-good",
                SasTokens.forDevice(api.hostName(), "fuzz-good", goodKey, expiry));
        FuzzMqttCases mqtt = new FuzzMqttCases(tls, options.host(), api.hostName(), tally);
        FuzzRestCases rest = new FuzzRestCases(api, tally, "fuzz-rest");

        // Warm up the paths the well-behaved clients use, then measure the server at rest.
        for (int i = 0; i < 5; i++) {
            good.round();
        }
        ServerSample before = server == null ? null : server.sample(0);
        err.printf("[fuzz] seed %d, %d s, %d workers; server before: %s%n", options.seed(), options.seconds(),
                options.workers(), before == null ? "not measured" : before.json());

        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(options.seconds());
        AtomicLong cases = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(options.workers() + 1 + SLOW_KINDS.length * 2);
        // Connections that never send CONNECT, a few of each, only when the run outlasts the hub's deadline.
        boolean slowCases = options.seconds() >= options.connectTimeout() + 5;
        if (slowCases) {
            for (String kind : SLOW_KINDS) {
                for (int i = 0; i < 2; i++) {
                    workers.submit(() -> mqtt.slowConnection(kind, options.connectTimeout()));
                }
            }
        }
        for (int w = 0; w < options.workers(); w++) {
            Random random = new Random(options.seed() + w);
            FuzzMqttCases.Target target = targets.get(w % targets.size());
            workers.submit(() -> {
                while (System.nanoTime() < deadline && cases.incrementAndGet() <= options.maxCases()) {
                    try {
                        if (random.nextBoolean()) {
                            mqtt.runOne(random, target);
                        } else {
                            rest.runOne(random);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        tally.count("fuzzer", "error " + e);
                    }
                }
            });
        }
        workers.submit(() -> {
            while (System.nanoTime() < deadline) {
                try {
                    good.round();
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(10_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            err.printf("[fuzz %3d s] %d cases, %d 5xx, well-behaved %d ok %d failed%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), tally.cases(), tally.serverErrors(),
                    good.okCount(), good.failedCount());
        }
        workers.shutdown();
        // Bounded: a case that hangs (the hub neither answering nor closing) is reported, not waited for.
        boolean finished = workers.awaitTermination(options.connectTimeout() + 90L, TimeUnit.SECONDS);
        if (!finished) {
            tally.count("fuzzer", "cases still running at the end");
            workers.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // After: the well-behaved clients once more, on a fresh connection, and the server measured again.
        good.close();
        long failedBefore = good.failedCount();
        good.round();
        boolean healthy = good.failedCount() == failedBefore;
        good.close();
        boolean alive = server == null ? healthy : server.alive();
        ServerSample after = server == null || !alive ? null : server.sample(Math.round(seconds));
        HttpResponse<String> stats = api.send("GET", "/statistics/devices", (String) null);
        alive = alive && stats.statusCode() == 200;

        boolean lingering = tally.snapshot().entrySet().stream()
                .filter(kind -> List.of(SLOW_KINDS).contains(kind.getKey()))
                .anyMatch(kind -> kind.getValue().keySet().stream().anyMatch(outcome -> !outcome.equals("closed-in-time")));
        boolean defect = tally.serverErrors() > 0 || !alive || good.failedCount() > 0 || !finished || lingering;
        out.println(report(tally, good, seconds, slowCases, before, after, alive, defect));
        return defect ? DEFECT : 0;
    }

    private String report(FuzzTally tally, FuzzWellBehaved good, double seconds, boolean slowCases,
            ServerSample before, ServerSample after, boolean alive, boolean defect) {
        StringBuilder json = new StringBuilder("{\"benchmark\":\"fuzz\"");
        json.append(",\"seed\":").append(options.seed())
                .append(",\"seconds\":").append(String.format("%.1f", seconds))
                .append(",\"cases\":").append(tally.cases())
                .append(",\"slowConnectCases\":").append(slowCases)
                .append(",\"serverErrors\":").append(tally.serverErrors())
                .append(",\"serverAlive\":").append(alive)
                .append(",\"wellBehaved\":").append(good.json())
                .append(",\"serverBefore\":").append(before == null ? "null" : before.json())
                .append(",\"serverAfter\":").append(after == null ? "null" : after.json())
                .append(",\"outcomes\":{");
        boolean first = true;
        for (Map.Entry<String, Map<String, Long>> kind : tally.snapshot().entrySet()) {
            json.append(first ? "" : ",").append("\n  ").append(FuzzRestCases.jsonString(kind.getKey())).append(":{");
            first = false;
            boolean firstOutcome = true;
            for (Map.Entry<String, Long> outcome : kind.getValue().entrySet()) {
                json.append(firstOutcome ? "" : ",").append(FuzzRestCases.jsonString(outcome.getKey())).append(':')
                        .append(outcome.getValue());
                firstOutcome = false;
            }
            json.append('}');
        }
        json.append("}");
        Map<String, String> errors = tally.firstServerErrors();
        if (!errors.isEmpty()) {
            json.append(",\n\"firstServerErrors\":{");
            boolean firstError = true;
            for (Map.Entry<String, String> error : errors.entrySet()) {
                json.append(firstError ? "" : ",").append(FuzzRestCases.jsonString(error.getKey())).append(':')
                        .append(FuzzRestCases.jsonString(error.getValue()));
                firstError = false;
            }
            json.append('}');
        }
        return json.append(",\"verdict\":\"").append(defect ? "DEFECT" : "ok").append("\"}").toString();
    }
}
