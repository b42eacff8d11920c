package org.openiothub.benchmark;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of the benchmarks that drive connected devices through the service API or the twin topics:
 * {@code methods}, {@code twin-desired}, {@code twin-reported}, {@code c2d}. Every number is bounded.
 *
 * @param rate              back-end requests per second, open loop (not used by {@code twin-reported})
 * @param window            outstanding reported-property patches per device ({@code twin-reported} only)
 * @param connections       HTTP/1.1 keep-alive connections of the back end; requests wait for a free one
 * @param maxOutstanding    back-end requests in flight at most; a request due beyond it is skipped and counted
 * @param timeoutSeconds    how long a request or an awaited device message may take before it counts as lost
 * @param serviceHost       TCP target of the back end's REST calls (provisioning included): {@code host} unless
 *                          {@code --service-host} is given
 * @param serviceAmqp       {@code c2d} only: the back end sends over AMQP (one connection, owner token put on
 *                          {@code $cbs}, a sender to {@code /messages/devicebound}) instead of HTTPS
 */
record HubLoadOptions(
        String benchmark,
        HubConnectionString connectionString,
        Path ca,
        String host,
        int mqttPort,
        int httpsPort,
        int devices,
        int rate,
        int window,
        int warmupSeconds,
        int durationSeconds,
        int connectRate,
        String devicePrefix,
        int ioThreads,
        HttpClient.Version httpVersion,
        int connections,
        int maxOutstanding,
        int timeoutSeconds,
        String serviceHost,
        boolean serviceAmqp,
        int amqpsPort) {

    static String usage(String benchmark) {
        return "usage: java -jar benchmark.jar " + benchmark + " [options]\n" + """

                  --connection-string S  owner policy: HostName=..;SharedAccessKeyName=iothubowner;SharedAccessKey=..
                  --ca FILE              PEM of the CA that signed the hub's certificate (the only trusted root)
                  --host H               TCP target (default: HostName of the connection string)
                  --service-host H       TCP target of the back end's REST calls, provisioning included, when
                                         not --host, e.g. another node of a cluster; its certificate must name H,
                                         and the owner token then names H (default: --host)
                  --mqtt-port N          MQTT over TLS (default 8883)
                  --https-port N         service REST API (default 443)
                  --devices N            simulated devices, one MQTT connection each (default 1000, max 10000)
                  --rate N               back-end requests per second, open loop, round robin over the devices
                                         (default 1000, max 20000; twin-reported ignores it)
                  --window N             twin-reported: unanswered reported patches per device (default 4, max 100)
                  --warmup S             seconds of load before measuring (default 120: on 2 cores the
                                         server's JIT compiler works for about two minutes of load)
                  --duration S           measured seconds (default 30, max 3600)
                  --connect-rate N       new connections per second (default 200)
                  --device-prefix P      device ids are P0001.. (default bench-)
                  --io-threads N         Netty event loop threads for MQTT and HTTP/1.1 (default 1)
                  --http-version V       1.1 (a pool of keep-alive connections, one request at a time on each)
                                         or 2 (one multiplexed connection) (default 1.1)
                  --connections N        HTTP/1.1: connections in the pool; a request waits for a free one, and
                                         the wait counts in its latency (default 32, max 1000)
                  --max-outstanding N    back-end requests in flight at most; further due requests are skipped
                                         and counted as errors (default 2000)
                  --timeout S            a request, or the device message it causes, counts as lost after S
                                         seconds (default 10)
                  --service-protocol P   c2d: https (REST POSTs) or amqp (one AMQP/TLS connection, a sender to
                                         /messages/devicebound; --max-outstanding bounds its unsettled
                                         messages) (default https)
                  --amqps-port N         AMQP over TLS for --service-protocol amqp (default 5671)
                """;
    }

    private static final Set<String> NAMES = Set.of("connection-string", "ca", "host", "mqtt-port", "https-port",
            "devices", "rate", "window", "warmup", "duration", "connect-rate", "device-prefix", "io-threads",
            "http-version", "connections", "max-outstanding", "timeout", "service-host", "service-protocol",
            "amqps-port");

    /** @throws IllegalArgumentException naming the offending option */
    static HubLoadOptions parse(String benchmark, List<String> args) {
        Map<String, String> values = BenchmarkOptions.pairs(args, NAMES);
        HubConnectionString connectionString = BenchmarkOptions.connectionString(values);
        Path ca = BenchmarkOptions.caFile(values);
        String prefix = BenchmarkOptions.devicePrefix(values, "bench-");
        HttpClient.Version version = switch (values.getOrDefault("http-version", "1.1").trim()) {
            case "2" -> HttpClient.Version.HTTP_2;
            case "1.1" -> HttpClient.Version.HTTP_1_1;
            default -> throw new IllegalArgumentException("--http-version must be 2 or 1.1");
        };
        String host = values.getOrDefault("host", connectionString.hostName());
        String serviceProtocol = values.getOrDefault("service-protocol", "https").trim().toLowerCase(Locale.ROOT);
        boolean serviceAmqp = switch (serviceProtocol) {
            case "amqp" -> true;
            case "https" -> false;
            default -> throw new IllegalArgumentException("--service-protocol must be https or amqp");
        };
        if (serviceAmqp && !benchmark.equals("c2d")) {
            throw new IllegalArgumentException("--service-protocol amqp is for c2d only");
        }
        return new HubLoadOptions(benchmark, connectionString, ca, host,
                BenchmarkOptions.integer(values, "mqtt-port", 8883, 1, 65535),
                BenchmarkOptions.integer(values, "https-port", 443, 1, 65535),
                BenchmarkOptions.integer(values, "devices", 1000, 1, 10_000),
                BenchmarkOptions.integer(values, "rate", 1000, 1, 20_000),
                BenchmarkOptions.integer(values, "window", 4, 1, 100),
                BenchmarkOptions.integer(values, "warmup", 120, 0, 600),
                BenchmarkOptions.integer(values, "duration", 30, 1, 3600),
                BenchmarkOptions.integer(values, "connect-rate", 200, 1, 5000),
                prefix,
                BenchmarkOptions.integer(values, "io-threads", 1, 1, 16),
                version,
                BenchmarkOptions.integer(values, "connections", 32, 1, 1000),
                BenchmarkOptions.integer(values, "max-outstanding", 2000, 1, 100_000),
                BenchmarkOptions.integer(values, "timeout", 10, 1, 300),
                values.getOrDefault("service-host", host),
                serviceAmqp,
                BenchmarkOptions.integer(values, "amqps-port", 5671, 1, 65535));
    }

    /**
     * The host name the back end's owner token names: the connection string's, or {@code --service-host} when that
     * is another host than {@code --host} (a node of a cluster takes tokens for its own address).
     */
    String serviceTokenHost() {
        return serviceHost.equals(host) ? connectionString.hostName() : serviceHost;
    }

    /** Where the load goes, for the result: the devices' host, and the back end's when that is another. */
    String target() {
        return serviceHost.equals(host) ? host : host + ", back end " + serviceHost;
    }

    /** Device ids {@code <prefix>0001 .. <prefix>N}, as the telemetry benchmark names them. */
    String deviceId(int index) {
        int width = Math.max(4, Integer.toString(devices).length());
        return devicePrefix + String.format(Locale.ROOT, "%0" + width + "d", index + 1);
    }
}
