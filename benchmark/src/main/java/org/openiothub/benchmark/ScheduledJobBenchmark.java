package org.openiothub.benchmark;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openiothub.benchmark.DeviceProvisioner.ProvisioningException;

/**
 * A twin-update job over every device of a fresh hub: how long the device selection takes and how many devices per
 * second the job then updates. The hub's own pace ({@code -Dhub.jobs.device-rate}, 10 by default) bounds the
 * second figure: set it high in {@code HUB_JAVA_OPTS} to measure what the hub itself sustains.
 */
final class ScheduledJobBenchmark {

    static final String USAGE = """
            usage: java -jar benchmark.jar jobs --connection-string <owner> --ca <ca.pem> [--devices 1000]
                   [--https-port 443] [--timeout-seconds 600]
            """;

    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    private final String connectionString;
    private final Path ca;
    private final int devices;
    private final int httpsPort;
    private final int timeoutSeconds;
    private final PrintStream out;
    private final PrintStream log;

    private ScheduledJobBenchmark(String connectionString, Path ca, int devices, int httpsPort, int timeoutSeconds,
            PrintStream out, PrintStream log) {
        this.connectionString = connectionString;
        this.ca = ca;
        this.devices = devices;
        this.httpsPort = httpsPort;
        this.timeoutSeconds = timeoutSeconds;
        this.out = out;
        this.log = log;
    }

    /** @throws IllegalArgumentException for a missing or malformed option */
    static ScheduledJobBenchmark parse(List<String> args, PrintStream out, PrintStream log) {
        String connection = null;
        Path ca = null;
        int devices = 1000;
        int port = 443;
        int timeout = 600;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("Option " + args.get(i) + " needs a value");
            }
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--connection-string" -> connection = value;
                case "--ca" -> ca = Path.of(value);
                case "--devices" -> devices = Integer.parseInt(value);
                case "--https-port" -> port = Integer.parseInt(value);
                case "--timeout-seconds" -> timeout = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option " + args.get(i));
            }
        }
        if (connection == null || ca == null) {
            throw new IllegalArgumentException("--connection-string and --ca are required");
        }
        return new ScheduledJobBenchmark(connection, ca, devices, port, timeout, out, log);
    }

    /** @return 0 after a measurement, 1 when setup failed, 3 when the job did not end in time */
    int run() throws Exception {
        HubConnectionString owner = HubConnectionString.parse(connectionString);
        String token = SasTokens.forPolicy(owner.hostName(), owner.keyName(), owner.key(),
                Instant.now().plusSeconds(timeoutSeconds + 3600L).getEpochSecond());
        TrustedCa trusted = TrustedCa.fromPem(ca);
        List<String> ids = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            ids.add(String.format("jobbench-%06d", i));
        }
        long provisionStarted = System.nanoTime();
        try {
            new DeviceProvisioner(trusted.jdkContext(), owner.hostName(), httpsPort, token)
                    .provision(ids, Duration.ofSeconds(timeoutSeconds));
        } catch (ProvisioningException e) {
            log.println("provisioning failed: " + e.getMessage());
            return 1;
        }
        log.printf("provisioned %d devices in %.1f s%n", devices, (System.nanoTime() - provisionStarted) / 1e9);

        HttpClient http = HttpClient.newBuilder().sslContext(trusted.jdkContext()).build();
        String jobId = "bench-" + System.currentTimeMillis();
        String base = "https://" + owner.hostName() + ":" + httpsPort + "/jobs/v2/" + jobId;
        String body = "{\"jobId\":\"" + jobId + "\",\"type\":\"scheduleUpdateTwin\",\"queryCondition\":"
                + "\"status = 'enabled'\",\"updateTwin\":{\"etag\":\"*\",\"tags\":{\"bench\":\"" + jobId + "\"}},"
                + "\"startTime\":\"" + Instant.now() + "\",\"maxExecutionTimeInSeconds\":0}";
        HttpResponse<String> created = http.send(request(base, token).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            log.println("job not created: " + created.statusCode() + " " + created.body());
            return 1;
        }
        long scheduled = System.nanoTime();
        long running = 0;
        long selected = 0;
        long deadline = scheduled + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            String job = http.send(request(base, token).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            long now = System.nanoTime();
            String status = match(STATUS, job);
            if (running == 0 && !"scheduled".equals(status) && !"queued".equals(status)) {
                running = now;
            }
            if (selected == 0 && count(job, "deviceCount") > 0) {
                selected = now;
            }
            if ("completed".equals(status) || "failed".equals(status) || "cancelled".equals(status)) {
                double work = (now - selected) / 1e9;
                out.printf("jobs: %s over %d devices: %s; %d succeeded, %d failed%n", "scheduleUpdateTwin",
                        count(job, "deviceCount"), status, count(job, "succeededCount"), count(job, "failedCount"));
                out.printf("  start after scheduling %.2f s, device selection %.2f s, updates %.2f s = %.0f devices/s%n",
                        (running - scheduled) / 1e9, (selected - running) / 1e9, work, count(job, "deviceCount") / work);
                return 0;
            }
            Thread.sleep(100);
        }
        log.println("the job did not end within " + timeoutSeconds + " s");
        return 3;
    }

    private static HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url + "?api-version=" + DeviceProvisioner.API_VERSION))
                .header("Authorization", token)
                .header("Content-Type", "application/json");
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static int count(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
