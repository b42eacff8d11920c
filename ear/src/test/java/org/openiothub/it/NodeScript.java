package org.openiothub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A script of {@code src/test/node} run by Node.js ({@code node} on the PATH) with the official Node SDKs that
 * {@code npm ci} installed there: it takes its settings from environment variables, trusts the hub's CA through
 * {@code NODE_EXTRA_CA_CERTS}, and prints one JSON line as its result.
 */
final class NodeScript {

    static final Path DIR = Path.of("src/test/node").toAbsolutePath();

    private final String script;
    private final Map<String, String> environment;

    private NodeScript(String script, Map<String, String> environment) {
        this.script = script;
        this.environment = environment;
    }

    /** {@code script} (a file name in {@link #DIR}) with these environment variables. */
    static NodeScript of(String script, Map<String, String> environment) {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            throw new IllegalStateException("No Node SDKs in " + DIR + ": run 'npm ci' there first");
        }
        return new NodeScript(script, environment);
    }

    /**
     * Runs the script to its end and returns its result line.
     *
     * @throws AssertionError when it exits non-zero, does not end within {@code timeout} (it is then killed) or
     *         prints no JSON object last; the message holds what it printed
     */
    JsonObject run(Duration timeout) {
        Path out = output("out");
        Path err = output("err");
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(DIR.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("NODE_EXTRA_CA_CERTS", HubUnderTest.caCertificate().toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(script + " did not end within " + timeout + printed(out, err));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " failed (exit code " + process.exitValue() + ")" + printed(out, err));
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("{")) {
                throw new AssertionError(script + " printed no JSON result" + printed(out, err));
            }
            return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run node " + script + " in " + DIR, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(script + " interrupted", e);
        }
    }

    /** Where the script's standard output or error goes, kept after the run: {@code target/node-scripts}. */
    private Path output(String stream) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "node-scripts"));
            return Files.createTempFile(dir, script.replace(".js", "-"), "." + stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String printed(Path out, Path err) {
        try {
            return "\n--- stdout:\n" + Files.readString(out, StandardCharsets.UTF_8)
                    + "\n--- stderr:\n" + Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "\n(its output is unreadable: " + e.getMessage() + ")";
        }
    }
}
