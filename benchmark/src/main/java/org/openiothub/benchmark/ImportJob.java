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
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One import job through the service API: the device file written into a container directory under the hub's blob
 * root, {@code POST /jobs/create} with {@code file:<container>} as input and output, then {@code GET /jobs/{id}}
 * every 250 ms until the job ends.
 */
final class ImportJob {

    /** The name IoT Hub reads an import container's devices from. */
    static final String DEVICES_FILE = "devices.txt";
    /** The name of the file an import job lists refused devices in. */
    static final String ERRORS_FILE = "importErrors.log";

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PROGRESS = Pattern.compile("\"progress\"\\s*:\\s*(\\d+)");
    private static final Pattern FAILURE = Pattern.compile("\"failureReason\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpClient http;
    private final String baseUri;
    private final String authorization;
    private final PrintStream log;

    /**
     * @param baseUri       {@code https://host[:port]} of the service API
     * @param authorization a SAS token of a policy with registry write rights, valid for the whole job
     * @param log           where the job's id and each change of status or progress are printed
     */
    ImportJob(HttpClient http, String baseUri, String authorization, PrintStream log) {
        this.http = http;
        this.baseUri = baseUri;
        this.authorization = authorization;
        this.log = log;
    }

    /**
     * Replaces {@code container}'s device file with {@code devices} lines, {@code line.apply(i)} for i from 0, and
     * removes the errors file an earlier job left there.
     *
     * @return the device file
     */
    static Path writeDevices(Path container, int devices, IntFunction<String> line) throws IOException {
        Files.createDirectories(container);
        Path file = container.resolve(DEVICES_FILE);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < devices; i++) {
                out.write(line.apply(i));
                out.newLine();
            }
        }
        Files.deleteIfExists(container.resolve(ERRORS_FILE));
        return file;
    }

    /**
     * Runs an import job reading and writing container {@code container} of the hub's blob root.
     *
     * @return how the job ended: {@code completed}, {@code failed}, ..., or {@code timeout} (status
     *         {@link Ended#TIMED_OUT}) when it had not ended after {@code timeoutSeconds}
     */
    Ended run(String container, int timeoutSeconds) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> created = http.send(request("/jobs/create")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"import\",\"inputBlobContainerUri\":\"file:"
                        + container + "\",\"outputBlobContainerUri\":\"file:" + container + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            return new Ended("refused", "POST /jobs/create answered " + created.statusCode() + ": " + created.body(),
                    seconds(started));
        }
        String jobId = group(JOB_ID, created.body());
        log.println("import job " + jobId + " created");

        long deadline = started + timeoutSeconds * 1_000_000_000L;
        String lastLine = "";
        String body = created.body();
        while (System.nanoTime() < deadline) {
            body = http.send(request("/jobs/" + jobId).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            String status = group(STATUS, body);
            String line = status + " " + group(PROGRESS, body) + "%";
            if (!line.equals(lastLine)) {
                log.printf("%6.1f s  %s%n", seconds(started), line);
                lastLine = line;
            }
            if (!status.equals("enqueued") && !status.equals("running")) {
                return new Ended(status, body, seconds(started));
            }
            Thread.sleep(250);
        }
        return new Ended(Ended.TIMED_OUT, body, seconds(started));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUri + path + "?api-version=" + DeviceProvisioner.API_VERSION))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json; charset=utf-8");
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }

    /**
     * How a job ended.
     *
     * @param status  the job's last status, {@link #TIMED_OUT}, or {@code refused} when it was not created
     * @param body    the last job document (or the refusal)
     * @param seconds from the create request to the poll that saw the job end
     */
    record Ended(String status, String body, double seconds) {

        static final String TIMED_OUT = "timeout";

        boolean completed() {
            return status.equals("completed");
        }

        /** @return the job's failure reason, or the refusal */
        String failure() {
            return status.equals("refused") ? body : group(FAILURE, body);
        }
    }
}
