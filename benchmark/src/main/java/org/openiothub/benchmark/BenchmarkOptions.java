package org.openiothub.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of the {@code telemetry} benchmark. Every number is bounded so that a typo cannot turn the tool
 * into an unbounded load source.
 *
 * @param connectionString the owner policy's connection string; {@code null} only when neither provisioning
 *                         nor the drain is enabled
 * @param ca               PEM file with the CA the hub's certificate chains to; the only trusted root
 * @param host             TCP target of the devices and of provisioning, and of the drain unless {@code drainHost}
 * @param windows          the window of each measured step, in order: one step unless a list was given
 * @param drainHost        TCP target of the events drain: {@code host} unless {@code --drain-host} is given
 * @param amqpsPort        the devices' AMQP over TLS port, with {@code --protocol amqp}
 * @param multiplex        devices per AMQP connection
 * @param drainKind        which reader consumes the built-in endpoint while devices publish, if any
 * @param eventHub         the Event Hub's name, with {@code --drain eventhub}
 * @param partitions       the Event Hub's partitions, one receiver each, with {@code --drain eventhub}
 * @param drainEarliest    whether the Event Hub receivers start at the partitions' start rather than their end
 */
record BenchmarkOptions(
        HubConnectionString connectionString,
        Path ca,
        String host,
        int mqttPort,
        int httpsPort,
        int amqpPort,
        int devices,
        List<Integer> windows,
        int warmupSeconds,
        int durationSeconds,
        int payloadBytes,
        int connectRate,
        boolean drain,
        boolean drainPresettled,
        int drainCredit,
        boolean provision,
        String devicePrefix,
        int ioThreads,
        int stepSettleSeconds,
        String drainHost,
        Protocol protocol,
        int amqpsPort,
        int multiplex,
        DrainKind drainKind,
        String eventHub,
        int partitions,
        boolean drainEarliest) {

    /** The reader of the built-in endpoint during a run. */
    enum DrainKind {
        /** No reader: messages pile up in the broker. */
        NONE,
        /** One plain AMQP 1.0 receiver on {@code messages/events::$Default} on the plain AMQP port. */
        AMQP,
        /** One Event Hubs receiver per partition over AMQP/TLS, as the Event Hubs SDKs read. */
        EVENTHUB
    }

    /** The Java Event Hubs SDK's default prefetch: the link credit of each of its partition receivers. */
    static final int EVENT_HUB_PREFETCH = 500;

    /** How the simulated devices talk to the hub. */
    enum Protocol {
        /** MQTT 3.1.1 over TLS, QoS 1, a connection per device. */
        MQTT,
        /** AMQP 1.0 over TLS, SAS tokens put on {@code $cbs}, {@code --multiplex} devices per connection. */
        AMQP
    }

    static final String USAGE = """
            usage: java -jar benchmark.jar telemetry [options]

              --connection-string S  owner policy: HostName=..;SharedAccessKeyName=iothubowner;SharedAccessKey=..
              --ca FILE              PEM of the CA that signed the hub's certificate (the only trusted root)
              --host H               TCP target (default: HostName of the connection string, else 127.0.0.1)
              --mqtt-port N          MQTT over TLS (default 8883)
              --https-port N         service REST API (default 443)
              --amqp-port N          plain AMQP for the events drain (default 5672)
              --protocol P           mqtt: MQTT 3.1.1/TLS, a connection per device, QoS 1; amqp: AMQP 1.0/TLS,
                                     put-token on $cbs, each message settled accepted (default mqtt)
              --amqps-port N         AMQP over TLS for the devices with --protocol amqp (default 5671)
              --multiplex N          devices per AMQP connection, each with its own session and put-token, as
                                     the Java SDK's MultiplexingClient (default 1: a connection per device;
                                     max 1000)
              --devices N            simulated devices (default 1000, max 10000)
              --window N[,N..]       unacknowledged messages (QoS 1 / unsettled) per device (default 10, max 1000); a list
                                     such as 1,4,10,20 measures each in turn after the one warm-up, with
                                     --step-settle seconds of the new window before each later step
              --step-settle S        seconds between the steps of a window list (default 10)
              --warmup S             seconds of load before measuring (default 120: the JIT compilers of the hub
                                     and of this generator need about two minutes of load on two cores)
              --duration S           measured seconds (default 30, max 3600)
              --payload-bytes N      JSON body size (default 256)
              --connect-rate N       new connections per second, a quarter second of them in flight (default 200)
              --drain D              true (or amqp): consume messages/events::$Default over plain AMQP meanwhile;
                                     eventhub: one Event Hubs receiver per partition over AMQP/TLS (--amqps-port),
                                     put-token and link as the Event Hubs SDKs send them, each delivery accepted;
                                     false: no reader (default true)
              --drain-settle M       accept: the drain accepts each delivery; presettled: the broker settles
                                     each as it sends it, at most once (default accept; amqp drain only)
              --drain-credit N       deliveries the drain lets the broker send ahead (default 1000; with
                                     --drain eventhub the credit of each partition's link, default 500 as the
                                     Java SDK's prefetch)
              --drain-start S        latest or earliest: where the Event Hub receivers start (default latest)
              --event-hub NAME       the Event Hub's name (default: the first label of the host name, hub for an
                                     IP address, as the hub's HUB_NAME default)
              --partitions N         the Event Hub's partitions (default 4, as the hub's HUB_PARTITIONS)
              --drain-host H         TCP target of the drain when not --host, e.g. another node of a cluster;
                                     its owner token then names H (default: --host)
              --provision true|false create/read the devices over REST (default true); false signs device
                                     tokens with a random key, for brokers that ignore passwords
              --device-prefix P      device ids are P0001.. (default bench-)
              --io-threads N         Netty event loop threads for the devices (default 1)
            """;

    private static final Set<String> NAMES = Set.of("connection-string", "ca", "host", "mqtt-port", "https-port",
            "amqp-port", "devices", "window", "warmup", "duration", "payload-bytes", "connect-rate", "drain",
            "provision", "device-prefix", "io-threads", "step-settle", "drain-settle", "drain-credit", "drain-host",
            "protocol", "amqps-port", "multiplex", "drain-start", "event-hub", "partitions");

    /** The largest window of unacknowledged messages per device. */
    static final int MAX_WINDOW = 1000;

    /** Smallest body that still holds a JSON object with a padding field. */
    static final int MIN_PAYLOAD_BYTES = 16;

    /**
     * Parses {@code --name value} or {@code --name=value} pairs.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    static BenchmarkOptions parse(List<String> args) {
        Map<String, String> values = pairs(args, NAMES);

        boolean provision = bool(values, "provision", true);
        DrainKind drainKind = drainKind(values.getOrDefault("drain", "true"));
        boolean drain = drainKind != DrainKind.NONE;
        HubConnectionString connectionString = null;
        if (values.containsKey("connection-string")) {
            connectionString = HubConnectionString.parse(values.get("connection-string"));
        } else if (provision || drain) {
            throw new IllegalArgumentException("--connection-string is required unless --provision false --drain false");
        }
        Path ca = caFile(values);
        String host = values.getOrDefault("host",
                connectionString != null ? connectionString.hostName() : "127.0.0.1");
        String prefix = devicePrefix(values, "bench-");
        Protocol protocol = protocol(values.getOrDefault("protocol", "mqtt"));
        int multiplex = integer(values, "multiplex", 1, 1, 1000);
        if (multiplex > 1 && protocol != Protocol.AMQP) {
            throw new IllegalArgumentException("--multiplex needs --protocol amqp: MQTT has one device per connection");
        }
        return new BenchmarkOptions(connectionString, ca, host,
                integer(values, "mqtt-port", 8883, 1, 65535),
                integer(values, "https-port", 443, 1, 65535),
                integer(values, "amqp-port", 5672, 1, 65535),
                integer(values, "devices", 1000, 1, 10_000),
                windows(values.getOrDefault("window", "10")),
                integer(values, "warmup", 120, 0, 600),
                integer(values, "duration", 30, 1, 3600),
                integer(values, "payload-bytes", 256, MIN_PAYLOAD_BYTES, 256 * 1024),
                integer(values, "connect-rate", 200, 1, 5000),
                drain, drainSettle(values.getOrDefault("drain-settle", "accept")),
                integer(values, "drain-credit", drainKind == DrainKind.EVENTHUB ? EVENT_HUB_PREFETCH : 1000, 1,
                        100_000),
                provision, prefix,
                integer(values, "io-threads", 1, 1, 16),
                integer(values, "step-settle", 10, 0, 600),
                values.getOrDefault("drain-host", host),
                protocol,
                integer(values, "amqps-port", 5671, 1, 65535),
                multiplex,
                drainKind,
                values.getOrDefault("event-hub", defaultEventHub(
                        connectionString != null ? connectionString.hostName() : host)),
                integer(values, "partitions", 4, 1, 32),
                drainStart(values.getOrDefault("drain-start", "latest")));
    }

    /** {@code --drain}: true or amqp, eventhub, false. */
    static DrainKind drainKind(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "amqp" -> DrainKind.AMQP;
            case "eventhub" -> DrainKind.EVENTHUB;
            case "false", "no", "off" -> DrainKind.NONE;
            default -> throw new IllegalArgumentException("--drain must be true, amqp, eventhub or false, not '" + name + "'");
        };
    }

    /** {@code --drain-start}: whether the Event Hub receivers start at the earliest event. */
    static boolean drainStart(String start) {
        return switch (start.trim().toLowerCase(Locale.ROOT)) {
            case "earliest" -> true;
            case "latest" -> false;
            default -> throw new IllegalArgumentException("--drain-start must be latest or earliest, not '" + start + "'");
        };
    }

    /** The hub's default Event Hub name for its host name: the first label, {@code hub} for an IP address. */
    static String defaultEventHub(String hostName) {
        if (hostName.contains(":") || hostName.matches("[0-9.]+")) {
            return "hub";
        }
        int dot = hostName.indexOf('.');
        return dot <= 0 ? hostName : hostName.substring(0, dot);
    }

    /** {@code --protocol}: mqtt or amqp. */
    static Protocol protocol(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mqtt" -> Protocol.MQTT;
            case "amqp" -> Protocol.AMQP;
            default -> throw new IllegalArgumentException("--protocol must be mqtt or amqp, not '" + name + "'");
        };
    }

    /** The devices' port: MQTT's or AMQP's over TLS. */
    int devicePort() {
        return protocol == Protocol.AMQP ? amqpsPort : mqttPort;
    }

    /**
     * The host name the drain's owner token names: the connection string's, or {@code --drain-host} when that is
     * another host than {@code --host} (a node of a cluster takes tokens for its own address).
     */
    String drainTokenHost() {
        return drainHost.equals(host) ? hubHostName() : drainHost;
    }

    /** Where the load goes, for the result: the devices' host, and the drain's when that is another. */
    String target() {
        return drainHost.equals(host) ? host : host + ", drain " + drainHost;
    }

    /** {@code --drain-settle}: whether the drain's deliveries are presettled. */
    static boolean drainSettle(String mode) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "presettled" -> true;
            case "accept" -> false;
            default -> throw new IllegalArgumentException("--drain-settle must be accept or presettled, not '" + mode + "'");
        };
    }

    /** The window of the first step: the one the warm-up runs with. */
    int window() {
        return windows.get(0);
    }

    /** The largest window of any step: how many messages a device must be able to keep in flight. */
    int maxWindow() {
        return windows.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /**
     * {@code --window}: one window, or a comma-separated list of at most 10, each 1..1000.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    static List<Integer> windows(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length > 10) {
            throw new IllegalArgumentException("--window takes at most 10 windows");
        }
        List<Integer> windows = new ArrayList<>(parts.length);
        for (String part : parts) {
            windows.add(integer(Map.of("window", part), "window", 0, 1, MAX_WINDOW));
        }
        return List.copyOf(windows);
    }

    /**
     * Reads {@code --name value} or {@code --name=value} pairs; a name without a value means {@code true}.
     *
     * @throws IllegalArgumentException on an unknown, repeated or stray argument
     */
    static Map<String, String> pairs(List<String> args, Set<String> names) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = "true";
            }
            if (!names.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("Option --" + name + " given twice");
            }
        }
        return values;
    }

    /** The hub's name as devices address it: the connection string's HostName, else the TCP target. */
    String hubHostName() {
        return connectionString != null ? connectionString.hostName() : host;
    }

    /** Device ids {@code <prefix>0001 .. <prefix>N}, zero-padded to at least four digits. */
    String deviceId(int index) {
        int width = Math.max(4, Integer.toString(devices).length());
        return devicePrefix + String.format(Locale.ROOT, "%0" + width + "d", index + 1);
    }

    static int integer(Map<String, String> values, String name, int defaultValue, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** {@code --connection-string}, which the caller requires. */
    static HubConnectionString connectionString(Map<String, String> values) {
        String connection = values.get("connection-string");
        if (connection == null) {
            throw new IllegalArgumentException("--connection-string is required");
        }
        return HubConnectionString.parse(connection);
    }

    /** {@code --ca}: required, a readable file. */
    static Path caFile(Map<String, String> values) {
        String caText = values.get("ca");
        if (caText == null) {
            throw new IllegalArgumentException("--ca is required");
        }
        Path ca = Path.of(caText);
        if (!Files.isReadable(ca)) {
            throw new IllegalArgumentException("--ca " + ca + " is not a readable file");
        }
        return ca;
    }

    /**
     * The hub's blob root when {@code --blobs-dir} is not given: {@code blobs} beside the CA's {@code tls} directory.
     *
     * @throws IllegalArgumentException when the CA file has no grandparent directory
     */
    static Path defaultBlobsDir(Path ca) {
        Path tls = ca.toAbsolutePath().getParent();
        Path dataDir = tls == null ? null : tls.getParent();
        if (dataDir == null) {
            throw new IllegalArgumentException("--blobs-dir is required when the CA file is not in <data dir>/tls");
        }
        return dataDir.resolve("blobs");
    }

    /** {@code --device-prefix}: characters a device id allows, at most 100. */
    static String devicePrefix(Map<String, String> values, String defaultValue) {
        String prefix = values.getOrDefault("device-prefix", defaultValue);
        if (!prefix.matches("[A-Za-z0-9\\-.:_]{1,100}")) {
            throw new IllegalArgumentException("--device-prefix may hold letters, digits and - . : _ only");
        }
        return prefix;
    }

    static boolean bool(Map<String, String> values, String name, boolean defaultValue) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be true or false, not '" + text + "'");
        };
    }
}
