package org.openiothub.benchmark;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

/**
 * {@code query}: seeds N twins with one import job ({@code tags.building} and {@code properties.reported.fw}, through
 * the import's reported-properties extension), then times {@code POST /devices/query} one request at a time: the
 * issue's selective query and its GROUP BY over the whole fleet.
 */
final class QueryBenchmark {

    static final String SELECTIVE = "SELECT * FROM devices WHERE tags.building = 'b42' AND properties.reported.fw = '2.1'";
    static final String GROUP_BY = "SELECT properties.reported.fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw";

    /** The container under the hub's blob root the device file is written to. */
    private static final String CONTAINER = "query-bench";
    private static final int IMPORT_TIMEOUT_SECONDS = 3600;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DEVICE_ID = Pattern.compile("\"deviceId\"\\s*:");
    private static final Pattern COUNT = Pattern.compile("\"n\"\\s*:\\s*(\\d+)");

    private final QueryOptions options;
    private final PrintStream out;
    private final PrintStream log;
    private HttpClient http;
    private String baseUri;
    private String authorization;

    QueryBenchmark(QueryOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
    }

    /** @return the process exit status: 0 after a measurement, 1 when seeding or a query failed */
    int run() throws Exception {
        SSLContext tls = TrustedCa.fromPem(options.ca()).jdkContext();
        http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        baseUri = "https://" + (options.host().contains(":") ? "[" + options.host() + "]" : options.host()) + ":"
                + options.httpsPort();
        HubConnectionString owner = options.connectionString();
        authorization = SasTokens.forPolicy(owner.hostName(), owner.keyName(), owner.key(),
                System.currentTimeMillis() / 1000 + 24 * 3600);
        if (options.seed()) {
            long started = System.nanoTime();
            String failure = seed();
            if (failure != null) {
                log.println("seeding failed: " + failure);
                return 1;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("seeded %d twins in %.1f s (%.0f twins/s, one import job)%n", options.devices(), seconds,
                    options.devices() / seconds);
        }
        int expectedHits = expectedSelectiveHits();
        Measured selective = measure("selective", SELECTIVE);
        Measured groupBy = measure("group-by", GROUP_BY);
        if (selective == null || groupBy == null) {
            return 1;
        }
        out.printf("selective  %s%n", selective);
        out.printf("           %s -> %d twins per run (expected %d)%n", SELECTIVE, selective.results(), expectedHits);
        out.printf("group-by   %s%n", groupBy);
        out.printf("           %s -> %d groups, %d twins counted%n", GROUP_BY, groupBy.results(), groupBy.counted());
        return selective.results() == expectedHits && groupBy.counted() >= options.devices() ? 0 : 1;
    }

    private int expectedSelectiveHits() {
        int hits = 0;
        for (int i = 0; i < options.devices(); i++) {
            if (QueryOptions.building(i).equals("b42") && QueryOptions.firmware(i).equals("2.1")) {
                hits++;
            }
        }
        return hits;
    }

    /** @return null when the import job registered every device with its twin, else why not */
    private String seed() throws Exception {
        Path container = options.blobsDir().resolve(CONTAINER);
        ImportJob.writeDevices(container, options.devices(), i -> "{\"id\":\"" + options.deviceId(i)
                + "\",\"importMode\":\"createOrUpdate\",\"status\":\"enabled\",\"authentication\":{\"type\":\"sas\"},"
                + "\"tags\":{\"building\":\"" + QueryOptions.building(i) + "\"},"
                + "\"properties\":{\"reported\":{\"fw\":\"" + QueryOptions.firmware(i) + "\"}}}");
        ImportJob.Ended job = new ImportJob(http, baseUri, authorization, log).run(CONTAINER, IMPORT_TIMEOUT_SECONDS);
        if (!job.completed()) {
            return "the import job ended " + job.status() + ": " + job.failure();
        }
        Path errors = container.resolve(ImportJob.ERRORS_FILE);
        long refused;
        try (Stream<String> lines = Files.exists(errors) ? Files.lines(errors) : Stream.empty()) {
            refused = lines.count();
        }
        return refused == 0 ? null : refused + " devices refused, see " + errors;
    }

    private Measured measure(String label, String query) throws Exception {
        LatencyRecorder latencies = new LatencyRecorder();
        int results = 0;
        long counted = 0;
        String body = "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}";
        for (int run = 0; run < options.warmupRuns() + options.runs(); run++) {
            if (run == options.warmupRuns()) {
                latencies.reset();
            }
            long started = System.nanoTime();
            HttpResponse<String> reply = send(request("/devices/query").header("x-ms-max-item-count", "1000")
                    .POST(HttpRequest.BodyPublishers.ofString(body))).join();
            latencies.recordNanos(System.nanoTime() - started);
            if (reply.statusCode() != 200) {
                log.printf("%s query answered %d: %s%n", label, reply.statusCode(), reply.body());
                return null;
            }
            // A twin has one deviceId, a group row one count: either way one match per item of the page.
            results = count(DEVICE_ID.matcher(reply.body()));
            counted = 0;
            Matcher n = COUNT.matcher(reply.body());
            while (n.find()) {
                results += DEVICE_ID.matcher(reply.body()).find() ? 0 : 1;
                counted += Long.parseLong(n.group(1));
            }
        }
        return new Measured(latencies.interval(), results, counted);
    }

    private static int count(Matcher matcher) {
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUri + path + "?api-version=" + DeviceProvisioner.API_VERSION))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json");
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Measured(LatencyRecorder.Percentiles latency, int results, long counted) {

        @Override
        public String toString() {
            return String.format("%d runs: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", latency.count(),
                    latency.p50(), latency.p95(), latency.p99(), latency.max());
        }
    }
}
