package org.openiothub.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of the {@code import} benchmark.
 *
 * @param blobsDir  the hub's blob root ({@code HUB_BLOBS_DIR}); by default {@code blobs} beside the CA's
 *                  {@code tls} directory, which is where a hub on its default settings keeps it
 * @param container the container directory under it the device file is written to
 */
record ImportOptions(HubConnectionString connectionString, Path caPem, int devices, Path blobsDir, String container,
        int timeoutSeconds) {

    static final String USAGE = """
            usage: java -jar benchmark.jar import --connection-string <owner> --ca <ca.pem> [options]

            Writes N devices with tags and reported properties as IoT Hub's JSON lines into devices.txt under the
            hub's blob root, runs an import job (POST /jobs/create), polls GET /jobs/{id} and reports the time
            from the request to the completed job and devices per second.

              --devices N          devices to import (default 100000)
              --blobs-dir DIR      the hub's HUB_BLOBS_DIR (default: <dir of the CA's tls dir>/blobs)
              --container NAME     container directory under it (default import-bench)
              --timeout S          give up after S seconds, exit status 3 (default 600)
            """;

    /** @throws IllegalArgumentException for a missing or malformed option */
    static ImportOptions parse(List<String> args) {
        String connection = null;
        Path ca = null;
        int devices = 100_000;
        Path blobs = null;
        String container = "import-bench";
        int timeout = 600;
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("Option " + name + " needs a value");
            }
            String value = args.get(++i);
            switch (name) {
                case "--connection-string" -> connection = value;
                case "--ca" -> ca = Path.of(value);
                case "--devices" -> devices = positive(name, value);
                case "--blobs-dir" -> blobs = Path.of(value);
                case "--container" -> container = value;
                case "--timeout" -> timeout = positive(name, value);
                default -> throw new IllegalArgumentException("Unknown option " + name);
            }
        }
        if (connection == null || ca == null) {
            throw new IllegalArgumentException("--connection-string and --ca are required");
        }
        if (blobs == null) {
            blobs = BenchmarkOptions.defaultBlobsDir(ca);
        }
        return new ImportOptions(HubConnectionString.parse(connection), ca, devices, blobs, container, timeout);
    }

    private static int positive(String name, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, not " + value);
    }
}
