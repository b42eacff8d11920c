package org.openiothub.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of the {@code soak} benchmark. Every number is bounded; the rates are moderate by default, since a soak
 * looks for what grows over time, not for the hub's limit.
 *
 * @param churnDevices  devices that disconnect and reconnect; the others stay connected and take the method calls
 *                      and desired patches
 * @param churnEvery    seconds between two rounds of churn
 * @param churnPerRound devices closed in one round, every other one without DISCONNECT; each reconnects 1-3 s later
 * @param serverPid     the hub's JVM to sample; 0 for none
 */
record SoakOptions(
        HubConnectionString connectionString,
        Path ca,
        String host,
        int mqttPort,
        int httpsPort,
        int amqpPort,
        int devices,
        int minutes,
        int warmupSeconds,
        int sampleSeconds,
        int settleSeconds,
        int telemetryRate,
        int reportedRate,
        int desiredRate,
        int methodRate,
        int c2dRate,
        int churnDevices,
        int churnEvery,
        int churnPerRound,
        String devicePrefix,
        long serverPid) {

    static final String USAGE = """
            usage: java -jar benchmark.jar soak [options]

            A bounded run of steady mixed load with connection churn that samples the hub's JVM (heap after a
            full GC, threads, open files, RSS) and fails (exit 4) when a resource grew beyond its tolerance or a
            message the hub acknowledged never arrived.

              --connection-string S  owner policy: HostName=..;SharedAccessKeyName=iothubowner;SharedAccessKey=..
              --ca FILE              PEM of the CA that signed the hub's certificate (the only trusted root)
              --host H               TCP target (default: HostName of the connection string)
              --mqtt-port N          MQTT over TLS (default 8883)
              --https-port N         service REST API (default 443)
              --amqp-port N          plain AMQP of the events endpoint (default 5672)
              --devices N            simulated devices (default 300, max 5000)
              --minutes N            load duration (default 30, max 240)
              --warmup S             samples before S seconds are not compared (default 300; less than the run)
              --sample S             seconds between two samples of the server (default 30, 10..600)
              --settle S             after the load, how long to wait for telemetry and C2D in flight (default 60)
              --telemetry-rate N     QoS 1 telemetry messages per second over all devices (default 100)
              --reported-rate N      reported-property patches per second (default 20)
              --desired-rate N       desired-property patches per second from the back end (default 5)
              --method-rate N        direct-method calls per second from the back end (default 5)
              --c2d-rate N           cloud-to-device messages per second from the back end (default 5)
              --churn-devices N      devices that disconnect and reconnect (default a third of them)
              --churn-every S        seconds between rounds of churn (default 5)
              --churn-per-round N    devices closed per round, every other one abruptly (default 10)
              --device-prefix P      device ids are P0001.. (default soak-)
              --server-pid N         the hub's JVM to sample (default 0: none, no verdict on resources)
            """;

    private static final Set<String> NAMES = Set.of("connection-string", "ca", "host", "mqtt-port", "https-port",
            "amqp-port", "devices", "minutes", "warmup", "sample", "settle", "telemetry-rate", "reported-rate",
            "desired-rate", "method-rate", "c2d-rate", "churn-devices", "churn-every", "churn-per-round",
            "device-prefix", "server-pid");

    /** @throws IllegalArgumentException naming the offending option */
    static SoakOptions parse(List<String> args) {
        Map<String, String> values = BenchmarkOptions.pairs(args, NAMES);
        HubConnectionString connectionString = BenchmarkOptions.connectionString(values);
        Path ca = BenchmarkOptions.caFile(values);
        int devices = BenchmarkOptions.integer(values, "devices", 300, 2, 5_000);
        int minutes = BenchmarkOptions.integer(values, "minutes", 30, 1, 240);
        int warmup = BenchmarkOptions.integer(values, "warmup", 300, 0, 3600);
        if (warmup >= minutes * 60) {
            throw new IllegalArgumentException("--warmup must be shorter than the run (" + minutes * 60 + " s)");
        }
        int churnDevices = BenchmarkOptions.integer(values, "churn-devices", devices / 3, 0, devices - 1);
        long pid;
        try {
            pid = Long.parseLong(values.getOrDefault("server-pid", "0").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--server-pid must be a process id");
        }
        if (pid < 0) {
            throw new IllegalArgumentException("--server-pid must be a process id");
        }
        return new SoakOptions(connectionString, ca,
                values.getOrDefault("host", connectionString.hostName()),
                BenchmarkOptions.integer(values, "mqtt-port", 8883, 1, 65535),
                BenchmarkOptions.integer(values, "https-port", 443, 1, 65535),
                BenchmarkOptions.integer(values, "amqp-port", 5672, 1, 65535),
                devices, minutes, warmup,
                BenchmarkOptions.integer(values, "sample", 30, 10, 600),
                BenchmarkOptions.integer(values, "settle", 60, 5, 600),
                BenchmarkOptions.integer(values, "telemetry-rate", 100, 1, 5_000),
                BenchmarkOptions.integer(values, "reported-rate", 20, 1, 1_000),
                BenchmarkOptions.integer(values, "desired-rate", 5, 1, 1_000),
                BenchmarkOptions.integer(values, "method-rate", 5, 1, 1_000),
                BenchmarkOptions.integer(values, "c2d-rate", 5, 1, 1_000),
                churnDevices,
                BenchmarkOptions.integer(values, "churn-every", 5, 1, 600),
                Math.min(BenchmarkOptions.integer(values, "churn-per-round", 10, 0, 1_000), churnDevices),
                BenchmarkOptions.devicePrefix(values, "soak-"),
                pid);
    }

    int durationSeconds() {
        return minutes * 60;
    }

    /** Device ids {@code <prefix>0001 .. <prefix>N}; the first {@link #churnDevices} churn. */
    String deviceId(int index) {
        int width = Math.max(4, Integer.toString(devices).length());
        return devicePrefix + String.format(Locale.ROOT, "%0" + width + "d", index + 1);
    }

    /**
     * Options for one of the back-end loads reused from the single-purpose benchmarks.
     *
     * @param timeoutSeconds how long a request, or the device message it causes, may take
     */
    HubLoadOptions serviceLoad(String benchmark, int rate, int connections, int timeoutSeconds) {
        return new HubLoadOptions(benchmark, connectionString, ca, host, mqttPort, httpsPort, devices, rate, 1, 0,
                durationSeconds(), 50, devicePrefix, 1, java.net.http.HttpClient.Version.HTTP_1_1, connections,
                Math.max(50, rate * timeoutSeconds), timeoutSeconds, host, false, 5671);
    }
}
