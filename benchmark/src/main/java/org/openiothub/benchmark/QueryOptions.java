package org.openiothub.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of the {@code query} benchmark: import a fleet of twins, then time queries over it through the REST API.
 *
 * @param seed        whether to register the devices and write their twins first; {@code false} reuses a hub seeded
 *                    by an earlier run
 * @param blobsDir    the hub's blob root ({@code HUB_BLOBS_DIR}) the import job reads the seeded devices from; by
 *                    default {@code blobs} beside the CA's {@code tls} directory, where a hub on its default settings
 *                    keeps it
 * @param runs        measured executions of each query, one at a time
 * @param warmupRuns  executions of each query before measuring
 */
record QueryOptions(
        HubConnectionString connectionString,
        Path ca,
        String host,
        int httpsPort,
        int devices,
        boolean seed,
        Path blobsDir,
        int runs,
        int warmupRuns,
        String devicePrefix) {

    /** tags.building takes this many values, b0 to b499. */
    static final int BUILDINGS = 500;
    /** The firmware versions, spread evenly over each building's devices. */
    static final List<String> FIRMWARE = List.of("1.0", "1.1", "2.0", "2.1", "3.0");

    static final String USAGE = """
            usage: java -jar benchmark.jar query [options]

              --connection-string S  owner policy: HostName=..;SharedAccessKeyName=iothubowner;SharedAccessKey=..
              --ca FILE              PEM of the CA that signed the hub's certificate (the only trusted root)
              --host H               TCP target (default: HostName of the connection string)
              --https-port N         service REST API (default 443)
              --devices N            twins to seed (default 100000, max 1000000)
              --seed true|false      import the devices with their tags and reported properties first (default
                                     true); false queries a hub seeded by an earlier run with the same --devices
              --blobs-dir DIR        the hub's HUB_BLOBS_DIR, where the import's devices.txt is written (default:
                                     <dir of the CA's tls dir>/blobs)
              --runs N               measured executions of each query, one at a time (default 200)
              --warmup-runs N        executions of each query before measuring (default 20)
              --device-prefix P      device ids are P000001.. (default query-)
            """;

    private static final Set<String> NAMES = Set.of("connection-string", "ca", "host", "https-port", "devices", "seed",
            "blobs-dir", "runs", "warmup-runs", "device-prefix");

    /** @throws IllegalArgumentException naming the offending option */
    static QueryOptions parse(List<String> args) {
        Map<String, String> values = BenchmarkOptions.pairs(args, NAMES);
        HubConnectionString connectionString = BenchmarkOptions.connectionString(values);
        Path ca = BenchmarkOptions.caFile(values);
        String prefix = BenchmarkOptions.devicePrefix(values, "query-");
        boolean seed = BenchmarkOptions.bool(values, "seed", true);
        return new QueryOptions(connectionString, ca, values.getOrDefault("host", connectionString.hostName()),
                BenchmarkOptions.integer(values, "https-port", 443, 1, 65535),
                BenchmarkOptions.integer(values, "devices", 100_000, 1, 1_000_000),
                seed,
                values.containsKey("blobs-dir") ? Path.of(values.get("blobs-dir"))
                        : BenchmarkOptions.defaultBlobsDir(ca),
                BenchmarkOptions.integer(values, "runs", 200, 1, 100_000),
                BenchmarkOptions.integer(values, "warmup-runs", 20, 0, 100_000),
                prefix);
    }

    String deviceId(int index) {
        return devicePrefix + String.format(Locale.ROOT, "%06d", index + 1);
    }

    /** Device {@code index}'s building: b0, b1, ... b499, b0, ... */
    static String building(int index) {
        return "b" + index % BUILDINGS;
    }

    /** Device {@code index}'s firmware: each building's devices cycle through {@link #FIRMWARE}. */
    static String firmware(int index) {
        return FIRMWARE.get(index / BUILDINGS % FIRMWARE.size());
    }
}
