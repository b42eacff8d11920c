package org.openiothub.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code import} benchmark: one import job of N devices, each with tags and reported properties, timed from
 * {@code POST /jobs/create} to the poll that sees it completed.
 */
final class ImportBenchmark {

    private static final Pattern START = Pattern.compile("\"startTimeUtc\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern END = Pattern.compile("\"endTimeUtc\"\\s*:\\s*\"([^\"]+)\"");

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
        long written = System.nanoTime();
        Path file = writeDevices(container, options.devices());
        err.printf("wrote %d devices to %s in %.1f s%n", options.devices(), file, (System.nanoTime() - written) / 1e9);

        HttpClient http = HttpClient.newBuilder().sslContext(TrustedCa.fromPem(options.caPem()).jdkContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        HubConnectionString hub = options.connectionString();
        String token = SasTokens.forPolicy(hub.hostName(), hub.keyName(), hub.key(),
                Instant.now().getEpochSecond() + options.timeoutSeconds() + 3600);
        err.println("[measure] the import job runs");
        ImportJob.Ended job = new ImportJob(http, "https://" + hub.hostName(), token, err)
                .run(options.container(), options.timeoutSeconds());
        err.println("[settle] the import job ended");
        if (job.status().equals(ImportJob.Ended.TIMED_OUT)) {
            err.println("the job did not end within " + options.timeoutSeconds() + " s: " + job.body());
            return 3;
        }
        if (!job.completed()) {
            err.println("the job ended " + job.status() + ": " + job.failure());
            return 1;
        }
        report(job.seconds(), job.body(), container.resolve(ImportJob.ERRORS_FILE));
        return 0;
    }

    private void report(double seconds, String body, Path errorsLog) throws IOException {
        double hubSeconds = Duration.between(Instant.parse(ImportJob.group(START, body)),
                Instant.parse(ImportJob.group(END, body))).toMillis() / 1000.0;
        long refused = Files.exists(errorsLog) ? Files.lines(errorsLog).count() : 0;
        out.printf(Locale.ROOT, "import: %d devices (tags + reported properties) in %.1f s from request to completed"
                        + " (%.1f s running): %.0f devices/s; %d refused%n",
                options.devices(), seconds, hubSeconds, options.devices() / seconds, refused);
    }

    /** IoT Hub's JSON lines: keys left to the hub to generate, tags and reported properties on every device. */
    private static Path writeDevices(Path container, int devices) throws IOException {
        return ImportJob.writeDevices(container, devices, i -> String.format(Locale.ROOT,
                "{\"id\":\"import-%07d\",\"importMode\":\"createOrUpdate\",\"status\":\"enabled\","
                        + "\"authentication\":{\"type\":\"sas\"},"
                        + "\"tags\":{\"site\":\"site-%d\",\"floor\":%d,\"kind\":\"sensor\"},"
                        + "\"properties\":{\"reported\":{\"firmware\":\"1.%d.0\",\"temperature\":%d.5}}}",
                i, i % 100, i % 10, i % 5, 15 + i % 10));
    }
}
