package org.openiothub.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Options of {@code crash}.
 *
 * @param loadMillis        the kill falls at a random instant between half a second and this long into a round's load
 * @param deliverySeconds   after a restart, how long devices and the events reader may take to receive what was
 *                          acknowledged before the crash
 * @param seed              of the kill instants, printed so that a run's instants can be had again
 * @param dataDir           the hub's data directory, emptied first
 * @param wildflyHome       the provisioned server
 * @param skipped           operations left out of the load, e.g. to tell which one a failure needs
 */
record CrashTestOptions(int rounds, int devices, long loadMillis, int deliverySeconds, long seed, Path dataDir,
        Path wildflyHome, Set<OperationKind> skipped) {

    CrashTestOptions {
        skipped = skipped.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skipped));
    }

    boolean loads(OperationKind kind) {
        return !skipped.contains(kind);
    }

    static final String USAGE = """
            usage: java -cp benchmark.jar:<the launcher's classpath> org.openiothub.benchmark.Benchmark crash [options]
                   (benchmark/crash-test.sh builds that classpath)

            Starts a hub on the IoT Hub ports of this machine (loopback clients only), then per round: a mixed load
            (registry writes and bulk imports, desired and tag patches, reported patches over MQTT, cloud-to-device
            messages, telemetry, jobs scheduled for tomorrow), kill -9 of the whole server at a random instant,
            a restart on the same data, and a check that everything acknowledged is still there.
            Exit status 0 when nothing was lost and nothing answered 5xx, 4 otherwise, 1 when the hub did not start.

              --rounds N              crashes (default 10)
              --devices N             MQTT devices of the fleet (default 8)
              --load-seconds S        the kill falls between 0.5 and S seconds into the load (default 5)
              --delivery-timeout S    after a restart, how long C2D messages and telemetry acknowledged before the
                                      crash may take to arrive (default 30)
              --seed N                of the kill instants (default: the clock)
              --skip OP[,OP]          leave operations out of the load: registry, import, desired, tags, reported,
                                      c2d, telemetry, jobs
              --data-dir DIR          the hub's data directory, emptied first (default benchmark/target/crash-hub)
              --wildfly-home DIR      the provisioned server (default wildfly-config/target/wildfly)
            """;

    private static final Set<String> NAMES = Set.of("rounds", "devices", "load-seconds", "delivery-timeout", "seed",
            "data-dir", "wildfly-home", "skip");

    /** @throws IllegalArgumentException naming the offending option */
    static CrashTestOptions parse(List<String> args) {
        Map<String, String> values = BenchmarkOptions.pairs(args, NAMES);
        long seed;
        try {
            seed = values.containsKey("seed") ? Long.parseLong(values.get("seed").trim()) : System.nanoTime();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed must be a whole number");
        }
        return new CrashTestOptions(
                BenchmarkOptions.integer(values, "rounds", 10, 1, 1000),
                BenchmarkOptions.integer(values, "devices", 8, 1, 100),
                BenchmarkOptions.integer(values, "load-seconds", 5, 1, 60) * 1000L,
                BenchmarkOptions.integer(values, "delivery-timeout", 30, 1, 600),
                seed,
                Path.of(values.getOrDefault("data-dir", "benchmark/target/crash-hub")).toAbsolutePath().normalize(),
                Path.of(values.getOrDefault("wildfly-home", "wildfly-config/target/wildfly")).toAbsolutePath().normalize(),
                values.containsKey("skip") ? Arrays.stream(values.get("skip").split(","))
                        .map(OperationKind::byOptionName).collect(Collectors.toSet()) : Set.of());
    }

    /** Fleet device ids {@code crash-fleet-01 ..}. */
    String fleetDeviceId(int index) {
        return String.format(Locale.ROOT, "crash-fleet-%02d", index + 1);
    }
}
