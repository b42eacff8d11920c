package org.openiothub.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Options of the {@code fuzz} run.
 *
 * @param hub              the owner connection string
 * @param ca               PEM of the CA the hub's certificate chains to
 * @param host             where to connect (loopback by default)
 * @param seconds          how long cases are sent
 * @param maxCases         at most this many cases in all
 * @param workers          threads sending cases at once
 * @param seed             of the random choices, so that a run can be repeated
 * @param serverPid        the server's process, for its heap, threads and open files; 0: not measured
 * @param connectTimeout   the hub's {@code hub.mqtt.connect-timeout} in seconds: connections that send no CONNECT must
 *                         be closed within it (plus a margin)
 */
record FuzzOptions(HubConnectionString hub, Path ca, String host, int seconds, long maxCases, int workers, long seed,
        long serverPid, int connectTimeout) {

    static final String USAGE = """
            usage: java -jar benchmark.jar fuzz --connection-string CS --ca FILE [options]

            Sends malformed, oversized and hostile input to the hub's MQTT port (8883), its REST API and its query
            language for a bounded time while a well-behaved device and back end keep working, then reports cases per
            kind, answers per status, 5xx count, well-behaved operations and the server's heap, threads and open files
            before and after. Exit status 4 on any 5xx, a dead server or a failed well-behaved operation.

              --connection-string CS   owner connection string of the hub
              --ca FILE                PEM of the CA that signed the hub's certificate
              --host HOST              address to connect to (default 127.0.0.1; loopback only)
              --seconds N              how long to send cases (default 60)
              --max-cases N            stop after this many cases (default 200000)
              --workers N              cases in flight at once (default 4)
              --seed N                 random seed (default: the time)
              --server-pid PID         the server process, read from /proc and jcmd (default: not measured)
              --connect-timeout N      the hub's hub.mqtt.connect-timeout in seconds (default 30)
            """;

    /** @throws IllegalArgumentException on a missing, unknown or malformed option */
    static FuzzOptions parse(List<String> args) {
        String connectionString = null;
        Path ca = null;
        String host = "127.0.0.1";
        int seconds = 60;
        long maxCases = 200_000;
        int workers = 4;
        long seed = System.nanoTime();
        long pid = 0;
        int connectTimeout = 30;
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args.get(++i);
            switch (name) {
                case "--connection-string" -> connectionString = value;
                case "--ca" -> ca = Path.of(value);
                case "--host" -> host = value;
                case "--seconds" -> seconds = positive(name, value);
                case "--max-cases" -> maxCases = positive(name, value);
                case "--workers" -> workers = positive(name, value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--server-pid" -> pid = Long.parseLong(value);
                case "--connect-timeout" -> connectTimeout = positive(name, value);
                default -> throw new IllegalArgumentException("Unknown option " + name);
            }
        }
        if (connectionString == null) {
            throw new IllegalArgumentException("--connection-string is required");
        }
        if (ca == null || !Files.isReadable(ca)) {
            throw new IllegalArgumentException("--ca must name a readable PEM file");
        }
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("--host must be a loopback address: the fuzzer is for a hub of one's own");
        }
        return new FuzzOptions(HubConnectionString.parse(connectionString), ca, host, seconds, maxCases, workers, seed, pid,
                connectTimeout);
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }
}
