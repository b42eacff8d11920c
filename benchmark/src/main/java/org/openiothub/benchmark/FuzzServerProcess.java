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
 * What the server process holds, read from {@code /proc/<pid>} and {@code jcmd}: heap after a full GC, threads,
 * open files, resident memory. The fuzzer reads it before and after, so that growth shows.
 */
final class FuzzServerProcess {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    /** @param heapAfterGcKb -1 when jcmd could not tell */
    record Sample(long heapAfterGcKb, int threads, int openFiles, long residentKb) {

        String json() {
            return "{\"heapAfterGcMb\":" + (heapAfterGcKb < 0 ? -1 : heapAfterGcKb / 1024) + ",\"threads\":" + threads
                    + ",\"openFiles\":" + openFiles + ",\"residentMb\":" + residentKb / 1024 + "}";
        }
    }

    private final long pid;

    FuzzServerProcess(long pid) {
        this.pid = pid;
    }

    boolean alive() {
        return Files.isDirectory(Path.of("/proc/" + pid));
    }

    Sample sample() throws IOException, InterruptedException {
        List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        int threads = (int) field(status, "Threads:");
        long resident = field(status, "VmRSS:");
        int files;
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            files = (int) fds.count();
        }
        return new Sample(heapAfterGc(), threads, files, resident);
    }

    private long heapAfterGc() throws InterruptedException {
        try {
            jcmd("GC.run");
            String info = jcmd("GC.heap_info");
            Matcher used = HEAP_USED.matcher(info);
            return used.find() ? Long.parseLong(used.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jcmd = javaHome.resolve("bin/jcmd");
        Process process = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", String.valueOf(pid), command)
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            throw new IOException("jcmd " + command + " failed");
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private static long field(List<String> status, String name) {
        for (String line : status) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
