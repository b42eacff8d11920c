package org.openiothub.benchmark;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point: {@code java -jar benchmark.jar <benchmark> [options]}. Exit status 0 after a measurement,
 * 1 when setup failed, 2 on a usage error, 3 when a run exceeded its time bound, 4 when a soak lost something
 * acknowledged or saw the server grow.
 */
public final class Benchmark {

    private static final String USAGE = """
            usage: java -jar benchmark.jar <benchmark> [options]

            benchmarks:
              telemetry      durable device-to-cloud messages per second over MQTT/TLS (QoS 1) or AMQP/TLS
              methods        direct-method calls over HTTPS answered by MQTT devices: rate and round trip
              twin-desired   desired-property PATCHes over HTTPS to MQTT notification latency
              twin-reported  reported-property PATCHes over MQTT answered 204 per second
              c2d            cloud-to-device messages over HTTPS or AMQP to MQTT delivery latency
              query          twin queries over HTTPS on a seeded fleet (default 100,000 twins): p50/p99
              jobs           a scheduled twin-update job over every device: selection time and devices per second
              import         an import job of 100,000 devices with tags and reported properties: devices/s
              crash          kill -9 of a hub under mixed load, restart, check nothing acknowledged was lost
                             (benchmark/crash-test.sh)
              fuzz           hostile MQTT, REST and query input for a bounded time; exit 4 on a 5xx, a dead
                             server or a failed well-behaved client
              soak           30 minutes of mixed load with connection churn: server heap, threads and open
                             files flat, nothing acknowledged lost (exit 4 otherwise)

            'java -jar benchmark.jar <benchmark> --help' lists a benchmark's options.
            """;

    private Benchmark() {
    }

    public static void main(String[] args) {
        // Before any logger exists: only warnings from Netty and protonj2, on stderr beside the progress lines.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || isHelp(args[0])) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "telemetry" -> {
                if (rest.stream().anyMatch(Benchmark::isHelp)) {
                    System.out.print(BenchmarkOptions.USAGE);
                    return 0;
                }
                BenchmarkOptions options;
                try {
                    options = BenchmarkOptions.parse(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    System.err.print(BenchmarkOptions.USAGE);
                    return 2;
                }
                try {
                    return new TelemetryBenchmark(options, System.out, System.err).run();
                } catch (Exception e) {
                    System.err.println("telemetry benchmark failed: " + e);
                    return 1;
                }
            }
            case "query" -> {
                if (rest.stream().anyMatch(Benchmark::isHelp)) {
                    System.out.print(QueryOptions.USAGE);
                    return 0;
                }
                QueryOptions options;
                try {
                    options = QueryOptions.parse(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    System.err.print(QueryOptions.USAGE);
                    return 2;
                }
                try {
                    return new QueryBenchmark(options, System.out, System.err).run();
                } catch (Exception e) {
                    System.err.println("query benchmark failed: " + e);
                    return 1;
                }
            }
            case "jobs" -> {
                if (rest.stream().anyMatch(Benchmark::isHelp)) {
                    System.out.print(ScheduledJobBenchmark.USAGE);
                    return 0;
                }
                ScheduledJobBenchmark benchmark;
                try {
                    benchmark = ScheduledJobBenchmark.parse(rest, System.out, System.err);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    System.err.print(ScheduledJobBenchmark.USAGE);
                    return 2;
                }
                try {
                    return benchmark.run();
                } catch (Exception e) {
                    System.err.println("jobs benchmark failed: " + e);
                    return 1;
                }
            }
            case "import" -> {
                return runImport(rest);
            }
            case "crash" -> {
                return runCrashTest(rest);
            }
            case "fuzz" -> {
                return runFuzz(rest);
            }
            case "soak" -> {
                return runSoak(rest);
            }
            case "methods", "twin-desired", "twin-reported", "c2d" -> {
                return runHubLoad(args[0], rest);
            }
            default -> {
                System.err.println("Unknown benchmark '" + args[0] + "'");
                System.err.print(USAGE);
                return 2;
            }
        }
    }

    private static int runHubLoad(String benchmark, List<String> rest) {
        if (rest.stream().anyMatch(Benchmark::isHelp)) {
            System.out.print(HubLoadOptions.usage(benchmark));
            return 0;
        }
        HubLoadOptions options;
        try {
            options = HubLoadOptions.parse(benchmark, rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(HubLoadOptions.usage(benchmark));
            return 2;
        }
        try {
            return new HubLoadBenchmark(options, System.out, System.err).run();
        } catch (Exception e) {
            System.err.println(benchmark + " benchmark failed: " + e);
            return 1;
        }
    }

    private static int runImport(List<String> rest) {
        if (rest.stream().anyMatch(Benchmark::isHelp)) {
            System.out.print(ImportOptions.USAGE);
            return 0;
        }
        ImportOptions options;
        try {
            options = ImportOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(ImportOptions.USAGE);
            return 2;
        }
        try {
            return new ImportBenchmark(options, System.out, System.err).run();
        } catch (Exception e) {
            System.err.println("import benchmark failed: " + e);
            return 1;
        }
    }

    private static int runFuzz(List<String> rest) {
        if (rest.stream().anyMatch(Benchmark::isHelp)) {
            System.out.print(FuzzOptions.USAGE);
            return 0;
        }
        FuzzOptions options;
        try {
            options = FuzzOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(FuzzOptions.USAGE);
            return 2;
        }
        try {
            return new HubFuzzer(options, System.out, System.err).run();
        } catch (Exception e) {
            System.err.println("fuzz run failed: " + e);
            return 1;
        }
    }

    private static int runCrashTest(List<String> rest) {
        if (rest.stream().anyMatch(Benchmark::isHelp)) {
            System.out.print(CrashTestOptions.USAGE);
            return 0;
        }
        CrashTestOptions options;
        try {
            options = CrashTestOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(CrashTestOptions.USAGE);
            return 2;
        }
        try {
            Class.forName("org.openiothub.server.HubLauncher");
        } catch (ClassNotFoundException e) {
            System.err.println("crash starts the hub itself and needs its launcher on the classpath:"
                    + " run it with benchmark/crash-test.sh");
            return 2;
        }
        try {
            return new CrashTest(options, System.out, System.err).run();
        } catch (Exception e) {
            System.err.println("crash test failed: " + e);
            return 1;
        }
    }

    private static int runSoak(List<String> rest) {
        if (rest.stream().anyMatch(Benchmark::isHelp)) {
            System.out.print(SoakOptions.USAGE);
            return 0;
        }
        SoakOptions options;
        try {
            options = SoakOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(SoakOptions.USAGE);
            return 2;
        }
        try {
            return new SoakBenchmark(options, System.out, System.err).run();
        } catch (Exception e) {
            System.err.println("soak benchmark failed: " + e);
            return 1;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }
}
