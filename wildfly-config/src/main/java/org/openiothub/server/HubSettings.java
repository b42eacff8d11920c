package org.openiothub.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an operator can set, read from {@code HUB_*} environment variables (a system property of the same name
 * wins, for tests and tools). Every value has a default, so the hub runs with none set.
 *
 * @param hostName     the host name devices and back ends use; in connection strings and the certificate
 * @param dataDir      the one directory holding the database, the broker journal, TLS material and logs
 * @param ownerKey     the {@code iothubowner} key to use instead of a generated one
 * @param keyStore     an operator's PKCS#12 key store to serve TLS with instead of the generated one
 * @param blobsDir     the only directory import and export jobs read and write; {@code <dataDir>/blobs} by default
 * @param caDir        where the generated CA lives ({@code <dataDir>/tls} by default); the nodes of a cluster share
 *                     one, so that clients trust one {@code ca.pem} whichever node they reach
 * @param cluster      the cluster this node joins; empty for a hub of one node
 * @param database     the database to use instead of the embedded H2 one in the data directory
 */
public record HubSettings(String hostName, String bindAddress, Path dataDir, Optional<String> ownerKey,
        Optional<Path> keyStore, Optional<String> keyStorePassword, Map<Port, Integer> ports, String javaOpts,
        Path blobsDir, Path caDir, Optional<Cluster> cluster, Optional<Database> database, EventHub eventHub) {

    /**
     * The built-in endpoint as an Event Hub: its name ({@code HUB_NAME}, default the first label of the host name, or
     * {@code hub} for an IP address), partitions ({@code HUB_PARTITIONS}, 2-32, default 4, fixed once events are
     * stored) and retention ({@code HUB_RETENTION_DAYS}, 1-7, default 1), as IoT Hub's; and where its log is kept
     * ({@code HUB_EVENT_HUB_STORE}): {@code local}, the node's data directory (the default on one node), or
     * {@code database}, the hub's database (the only choice for a cluster, whose nodes share each partition's log).
     */
    public record EventHub(String name, int partitions, int retentionDays, boolean inDatabase) {

        static EventHub from(Map<String, String> overrides, String hostName, boolean clustered) {
            String name = read(overrides, "HUB_NAME").orElseGet(() -> defaultName(hostName));
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,49}")) {
                throw new LaunchException("HUB_NAME=" + name + " is not a hub name: letters, digits and '-', at most 50");
            }
            int partitions = number(overrides, "HUB_PARTITIONS", 4, 2, 32);
            int retentionDays = number(overrides, "HUB_RETENTION_DAYS", 1, 1, 7);
            String store = read(overrides, "HUB_EVENT_HUB_STORE").orElse(clustered ? "database" : "local");
            if (!store.equals("local") && !store.equals("database")) {
                throw new LaunchException("HUB_EVENT_HUB_STORE=" + store + " is neither local nor database");
            }
            if (clustered && store.equals("local")) {
                throw new LaunchException("HUB_EVENT_HUB_STORE=local cannot serve a cluster: its nodes share each"
                        + " partition's log in the database");
            }
            return new EventHub(name, partitions, retentionDays, store.equals("database"));
        }

        static String defaultName(String hostName) {
            if (hostName.contains(":") || hostName.matches("[0-9.]+")) {
                return "hub";
            }
            int dot = hostName.indexOf('.');
            return dot <= 0 ? hostName : hostName.substring(0, dot);
        }

        private static int number(Map<String, String> overrides, String variable, int defaultValue, int min, int max) {
            String text = read(overrides, variable).orElse(null);
            if (text == null) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(text.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new LaunchException(variable + "=" + text + " must be a whole number from " + min + " to " + max);
        }
    }

    /**
     * A PostgreSQL database: {@code HUB_DB_URL} ({@code jdbc:postgresql://host:port/database}), {@code HUB_DB_USER},
     * {@code HUB_DB_PASSWORD}.
     */
    public record Database(String url, String user, String password) {

        static final String POSTGRESQL = "jdbc:postgresql:";

        /** The name of the server's JDBC driver for this database. */
        public String driver() {
            return "postgresql";
        }

        /**
         * The URL the server connects with: {@link #url} with {@code plan_cache_mode=force_custom_plan} as a session
         * option unless the URL sets {@code options} itself. PostgreSQL otherwise switches a statement that a pooled
         * connection ran several times to a generic plan, blind to its values; for the query index's candidate lookup
         * that plan scanned every row of a common value for each row of a rare one (2 s instead of 1 ms, measured
         * at 100,000 twins).
         */
        public String serverUrl() {
            if (url.contains("options=")) {
                return url;
            }
            return url + (url.contains("?") ? "&" : "?") + "options=-c%20plan_cache_mode%3Dforce_custom_plan";
        }
    }

    /**
     * A node's place in a cluster ({@code HUB_CLUSTER_MEMBERS} set).
     *
     * @param members  the JGroups initial hosts, {@code host[port],host[port]}: at least the nodes that are always up
     * @param address  the address this node's cluster traffic (JGroups, the broker's cluster bridges) binds and is
     *                 reached on: {@code HUB_CLUSTER_ADDRESS}, by default {@code HUB_BIND_ADDRESS}
     * @param nodeName this node's name in the cluster, unique ({@code jboss.node.name})
     * @param password the broker cluster's password; empty for the one generated in the CA directory
     */
    public record Cluster(String members, String address, String nodeName, Optional<String> password) {

        /**
         * The transaction manager's node identifier: unique per node and at most 23 bytes, so a longer node name
         * is replaced by a digest of it.
         */
        public String transactionNodeId() {
            if (nodeName.getBytes(StandardCharsets.UTF_8).length <= 23) {
                return nodeName;
            }
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(nodeName.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 11);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A port the hub binds, with the variable that moves it. */
    public enum Port {
        HTTPS("HUB_HTTPS_PORT", 443, "service REST API, device HTTPS, WebSockets"),
        MQTT("HUB_MQTT_PORT", 8883, "MQTT over TLS"),
        AMQPS("HUB_AMQPS_PORT", 5671, "AMQP 1.0 over TLS: devices and the service SDK"),
        AMQP("HUB_AMQP_PORT", 5672, "back-end AMQP 1.0"),
        COAPS("HUB_COAPS_PORT", 5684, "CoAP over DTLS (UDP): devices"),
        /** Off (0) unless set. */
        COAP("HUB_COAP_PORT", 0, "plain CoAP (UDP): devices, SAS tokens in clear"),
        INTERNAL_HTTP("HUB_INTERNAL_HTTP_PORT", 8080, "WildFly internal HTTP, loopback"),
        MANAGEMENT("HUB_MANAGEMENT_PORT", 9990, "WildFly management, loopback"),
        CLUSTER("HUB_CLUSTER_PORT", 7600, "JGroups, between the nodes of a cluster"),
        CLUSTER_MESSAGING("HUB_CLUSTER_MESSAGING_PORT", 61616, "broker cluster bridges, between the nodes of a cluster");

        final String variable;
        final int defaultPort;
        final String purpose;

        Port(String variable, int defaultPort, String purpose) {
            this.variable = variable;
            this.defaultPort = defaultPort;
            this.purpose = purpose;
        }

        public String variable() {
            return variable;
        }

        boolean loopbackOnly() {
            return this == INTERNAL_HTTP || this == MANAGEMENT;
        }

        boolean clusterOnly() {
            return this == CLUSTER || this == CLUSTER_MESSAGING;
        }

        boolean udp() {
            return this == COAPS || this == COAP;
        }
    }

    /** One of {@code HUB_CLUSTER_MEMBERS}: {@code host[port]}. */
    private static final Pattern MEMBER = Pattern.compile("[^\\[\\]\\s]+\\[\\d{1,5}\\]");

    public static HubSettings fromEnvironment() {
        return from(Map.of());
    }

    /** Settings from the environment, with {@code overrides} (variable name to value) taking precedence. */
    public static HubSettings from(Map<String, String> overrides) {
        Map<Port, Integer> ports = new LinkedHashMap<>();
        for (Port port : Port.values()) {
            ports.put(port, read(overrides, port.variable).map(v -> parsePort(port, v)).orElse(port.defaultPort));
        }
        Path dataDir = read(overrides, "HUB_DATA_DIR").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".open-iot-hub")).toAbsolutePath().normalize();
        String bindAddress = read(overrides, "HUB_BIND_ADDRESS").orElse("0.0.0.0");
        return new HubSettings(
                read(overrides, "HUB_HOSTNAME").orElse("127.0.0.1"),
                bindAddress,
                dataDir,
                read(overrides, "HUB_OWNER_KEY"),
                read(overrides, "HUB_TLS_KEYSTORE").map(Path::of),
                read(overrides, "HUB_TLS_KEYSTORE_PASSWORD"),
                Map.copyOf(ports),
                read(overrides, "HUB_JAVA_OPTS").orElse("-Xms512m -Xmx2g"),
                read(overrides, "HUB_BLOBS_DIR").map(Path::of).orElse(dataDir.resolve("blobs")).toAbsolutePath().normalize(),
                read(overrides, "HUB_CA_DIR").map(Path::of).orElse(dataDir.resolve("tls")).toAbsolutePath().normalize(),
                read(overrides, "HUB_CLUSTER_MEMBERS").map(members -> cluster(overrides, members, bindAddress)),
                read(overrides, "HUB_DB_URL").map(url -> database(overrides, url)),
                EventHub.from(overrides, read(overrides, "HUB_HOSTNAME").orElse("127.0.0.1"),
                        read(overrides, "HUB_CLUSTER_MEMBERS").isPresent()));
    }

    private static Database database(Map<String, String> overrides, String url) {
        if (!url.startsWith(Database.POSTGRESQL)) {
            throw new LaunchException("HUB_DB_URL=" + url + " is not a PostgreSQL JDBC URL (" + Database.POSTGRESQL
                    + "//host:port/database); without HUB_DB_URL the hub uses its embedded H2 database");
        }
        return new Database(url, read(overrides, "HUB_DB_USER").orElse("hub"),
                read(overrides, "HUB_DB_PASSWORD").orElse(""));
    }

    private static Cluster cluster(Map<String, String> overrides, String members, String bindAddress) {
        List<String> hosts = Arrays.stream(members.split(",")).map(String::trim).toList();
        if (hosts.stream().anyMatch(host -> !MEMBER.matcher(host).matches())) {
            throw new LaunchException("HUB_CLUSTER_MEMBERS=" + members + " is not a list of host[port], e.g. "
                    + "10.0.0.1[7600],10.0.0.2[7600]");
        }
        String address = read(overrides, "HUB_CLUSTER_ADDRESS").orElse(bindAddress);
        if (isWildcard(address)) {
            throw new LaunchException("HUB_CLUSTER_ADDRESS is needed when HUB_BIND_ADDRESS listens on every address: "
                    + "the address on which the other nodes reach this one");
        }
        String nodeName = read(overrides, "HUB_NODE_NAME").orElseGet(() -> localHostName() + "-" + address);
        return new Cluster(String.join(",", hosts), address, nodeName, read(overrides, "HUB_CLUSTER_PASSWORD"));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "hub";
        }
    }

    static boolean isWildcard(String address) {
        return "0.0.0.0".equals(address) || "::".equals(address) || "[::]".equals(address);
    }

    public int port(Port port) {
        return ports.get(port);
    }

    /** The ports this node binds: the cluster's only when it is part of one. */
    public Map<Port, Integer> boundPorts() {
        Map<Port, Integer> bound = new LinkedHashMap<>();
        ports.forEach((port, number) -> {
            if ((cluster.isPresent() || !port.clusterOnly()) && number > 0) {
                bound.put(port, number);
            }
        });
        return bound;
    }

    /**
     * The loopback address WildFly's internal ports (HTTP, management) listen on: {@code HUB_BIND_ADDRESS} when that
     * is itself a loopback address, so that nodes on one machine, each on its own 127.0.0.x, do not clash; otherwise
     * 127.0.0.1.
     */
    public String internalAddress() {
        return bindAddress.startsWith("127.") ? bindAddress : "127.0.0.1";
    }

    /** The address on which this node's public ports answer locally, for readiness checks. */
    String probeAddress() {
        return isWildcard(bindAddress) ? "127.0.0.1" : bindAddress;
    }

    private static Optional<String> read(Map<String, String> overrides, String name) {
        String value = overrides.get(name);
        if (value == null) {
            value = System.getProperty(name);
        }
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int parsePort(Port port, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0 && number < 65536) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LaunchException(port.variable + "=" + value + " is not a port number (1-65535)");
    }
}
