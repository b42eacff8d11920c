package org.openiothub.benchmark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code import} benchmark: one import job of N devices, each with tags and reported properties, timed from
 * {@code POST /jobs/create} to the poll that sees it completed.
 */
final class ImportBenchmark {

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PROGRESS = Pattern.compile("\"progress\"\\s*:\\s*(\\d+)");
    private static final Pattern START = Pattern.compile("\"startTimeUtc\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern END = Pattern.compile("\"endTimeUtc\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FAILURE = Pattern.compile("\"failureReason\"\\s*:\\s*\"([^\"]*)\"");

    private final ImportOptions options;
    private final PrintStream out;
    private final PrintStream err;

    ImportBenchmark(ImportOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** @return the exit status: 0 measured, 1 the job failed, 3 it did not end in time */
    int run() throws Exception {
        Path container = options.blobsDir().resolve(options.container());
        Path file = container.resolve("devices.txt");
        long written = System.nanoTime();
        writeDevices(file, options.devices());
        err.printf("wrote %d devices to %s in %.1f s%n", options.devices(), file, (System.nanoTime() - written) / 1e9);
        Files.deleteIfExists(container.resolve("importErrors.log"));

        HttpClient http = HttpClient.newBuilder().sslContext(TrustedCa.fromPem(options.caPem()).jdkContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        HubConnectionString hub = options.connectionString();
        String token = SasTokens.forPolicy(hub.hostName(), hub.keyName(), hub.key(),
                Instant.now().getEpochSecond() + options.timeoutSeconds() + 3600);
        String base = "https://" + hub.hostName();

        long started = System.nanoTime();
        HttpResponse<String> created = http.send(request(base + "/jobs/create", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"import\",\"inputBlobContainerUri\":\"file:"
                        + options.container() + "\",\"outputBlobContainerUri\":\"file:" + options.container() + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            err.println("POST /jobs/create answered " + created.statusCode() + ": " + created.body());
            return 1;
        }
        String jobId = group(JOB_ID, created.body());
        err.println("import job " + jobId + " created");

        long deadline = started + options.timeoutSeconds() * 1_000_000_000L;
        String lastLine = "";
        String body = created.body();
        while (System.nanoTime() < deadline) {
            body = http.send(request(base + "/jobs/" + jobId, token).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            String status = group(STATUS, body);
            String line = status + " " + group(PROGRESS, body) + "%";
            if (!line.equals(lastLine)) {
                err.printf("%6.1f s  %s%n", (System.nanoTime() - started) / 1e9, line);
                lastLine = line;
            }
            if (!status.equals("enqueued") && !status.equals("running")) {
                double seconds = (System.nanoTime() - started) / 1e9;
                if (!status.equals("completed")) {
                    err.println("the job ended " + status + ": " + group(FAILURE, body));
                    return 1;
                }
                report(seconds, body, container.resolve("importErrors.log"));
                return 0;
            }
            Thread.sleep(250);
        }
        err.println("the job did not end within " + options.timeoutSeconds() + " s: " + body);
        return 3;
    }

    private void report(double seconds, String body, Path errorsLog) throws IOException {
        double hubSeconds = Duration.between(Instant.parse(group(START, body)), Instant.parse(group(END, body))).toMillis() / 1000.0;
        long refused = Files.exists(errorsLog) ? Files.lines(errorsLog).count() : 0;
        out.printf(Locale.ROOT, "import: %d devices (tags + reported properties) in %.1f s from request to completed"
                        + " (%.1f s running): %.0f devices/s; %d refused%n",
                options.devices(), seconds, hubSeconds, options.devices() / seconds, refused);
    }

    private static HttpRequest.Builder request(String uri, String token) {
        return HttpRequest.newBuilder(URI.create(uri + "?api-version=" + DeviceProvisioner.API_VERSION))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", token)
                .header("Content-Type", "application/json; charset=utf-8");
    }

    /** IoT Hub's JSON lines: keys left to the hub to generate, tags and reported properties on every device. */
    static void writeDevices(Path file, int devices) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < devices; i++) {
                out.write(String.format(Locale.ROOT, "{\"id\":\"import-%07d\",\"importMode\":\"createOrUpdate\","
                                + "\"status\":\"enabled\",\"authentication\":{\"type\":\"sas\"},"
                                + "\"tags\":{\"site\":\"site-%d\",\"floor\":%d,\"kind\":\"sensor\"},"
                                + "\"properties\":{\"reported\":{\"firmware\":\"1.%d.0\",\"temperature\":%d.5}}}",
                        i, i % 100, i % 10, i % 5, 15 + i % 10));
                out.newLine();
            }
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }
}
