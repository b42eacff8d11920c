package org.openiothub.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a local JVM's resources: heap after a full collection ({@code jcmd <pid> GC.run}, then
 * {@code jcmd <pid> GC.heap_info}), threads and resident memory from {@code /proc/<pid>/status}, open file
 * descriptors from {@code /proc/<pid>/fd}. Needs the same user as the server and the JDK's {@code jcmd}.
 */
final class ServerProbe {

    private static final long JCMD_TIMEOUT_SECONDS = 60;
    private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");
    /** Serial and parallel collectors print each generation on a line of its own, indented by one space. */
    private static final Pattern GENERATION_USED = Pattern.compile("^ (?!Metaspace|class space)\\S.*used (\\d+)K");
    private static final Pattern STATUS_VALUE = Pattern.compile("^(\\w+):\\s+(\\d+)");

    private final long pid;
    private final String jcmd;

    ServerProbe(long pid) {
        this.pid = pid;
        Path inJavaHome = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(inJavaHome) ? inJavaHome.toString() : "jcmd";
    }

    /** Whether the process still runs. */
    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Reads everything; a value that cannot be read is -1. */
    ServerSample sample(long atSeconds) {
        long heap = heapAfterGc();
        long threads = -1;
        long rss = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                Matcher matcher = STATUS_VALUE.matcher(line);
                if (matcher.find()) {
                    switch (matcher.group(1)) {
                        case "Threads" -> threads = Long.parseLong(matcher.group(2));
                        case "VmRSS" -> rss = Long.parseLong(matcher.group(2)) * 1024;
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The process ended: its values stay unknown.
        }
        long openFiles = -1;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            openFiles = fds.count();
        } catch (IOException e) {
            // As above.
        }
        return new ServerSample(atSeconds, heap, threads, openFiles, rss);
    }

    /**
     * Live objects by class; the JVM runs a full collection first.
     *
     * @return {@code null} when {@code jcmd} failed
     */
    ClassHistogram classHistogram() {
        String output = run("GC.class_histogram");
        return output == null ? null : ClassHistogram.parse(output);
    }

    private long heapAfterGc() {
        String gc = run("GC.run");
        if (gc == null) {
            return -1;
        }
        String info = run("GC.heap_info");
        return info == null ? -1 : heapUsed(info);
    }

    /**
     * The heap in use in {@code GC.heap_info} output, in bytes.
     *
     * @return -1 when the output has no heap line this understands
     */
    static long heapUsed(String heapInfo) {
        Matcher g1 = G1_USED.matcher(heapInfo);
        if (g1.find()) {
            return Long.parseLong(g1.group(1)) * 1024;
        }
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            Matcher generation = GENERATION_USED.matcher(line);
            if (generation.find()) {
                used += Long.parseLong(generation.group(1));
                found = true;
            }
        }
        return found ? used * 1024 : -1;
    }

    /** @return the command's output, or {@code null} when it failed or timed out */
    private String run(String command) {
        try {
            Process process = new ProcessBuilder(List.of(jcmd, Long.toString(pid), command))
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
