package org.openiothub.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator can set, read from {@code HUB_*} environment variables (a system property of the same name
 * wins, for tests and tools). Every value has a default, so the hub runs with none set.
 *
 * @param hostName     the host name devices and back ends use; in connection strings and the certificate
 * @param dataDir      the one directory holding the database, the broker journal, TLS material and logs
 * @param ownerKey     the {@code iothubowner} key to use instead of a generated one
 * @param keyStore     an operator's PKCS#12 key store to serve TLS with instead of the generated one
 * @param blobsDir     the only directory import and export jobs read and write; {@code <dataDir>/blobs} by default
 * @param database     the database to use instead of the embedded H2 one in the data directory
 */
public record HubSettings(String hostName, String bindAddress, Path dataDir, Optional<String> ownerKey,
        Optional<Path> keyStore, Optional<String> keyStorePassword, Map<Port, Integer> ports, String javaOpts,
        Path blobsDir, Optional<Database> database) {

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
    }

    /** A port the hub binds, with the variable that moves it. */
    public enum Port {
        HTTPS("HUB_HTTPS_PORT", 443, "service REST API, device HTTPS, WebSockets"),
        MQTT("HUB_MQTT_PORT", 8883, "MQTT over TLS"),
        AMQP("HUB_AMQP_PORT", 5672, "back-end AMQP 1.0"),
        INTERNAL_HTTP("HUB_INTERNAL_HTTP_PORT", 8080, "WildFly internal HTTP, loopback"),
        MANAGEMENT("HUB_MANAGEMENT_PORT", 9990, "WildFly management, loopback");

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
    }

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
                .orElse(Path.of(System.getProperty("user.home"), ".open-iot-hub"));
        return new HubSettings(
                read(overrides, "HUB_HOSTNAME").orElse("127.0.0.1"),
                read(overrides, "HUB_BIND_ADDRESS").orElse("0.0.0.0"),
                dataDir.toAbsolutePath().normalize(),
                read(overrides, "HUB_OWNER_KEY"),
                read(overrides, "HUB_TLS_KEYSTORE").map(Path::of),
                read(overrides, "HUB_TLS_KEYSTORE_PASSWORD"),
                Map.copyOf(ports),
                read(overrides, "HUB_JAVA_OPTS").orElse("-Xms512m -Xmx2g"),
                read(overrides, "HUB_BLOBS_DIR").map(Path::of).orElse(dataDir.resolve("blobs")).toAbsolutePath().normalize(),
                read(overrides, "HUB_DB_URL").map(url -> database(overrides, url)));
    }

    private static Database database(Map<String, String> overrides, String url) {
        if (!url.startsWith(Database.POSTGRESQL)) {
            throw new LaunchException("HUB_DB_URL=" + url + " is not a PostgreSQL JDBC URL (" + Database.POSTGRESQL
                    + "//host:port/database); without HUB_DB_URL the hub uses its embedded H2 database");
        }
        return new Database(url, read(overrides, "HUB_DB_USER").orElse("hub"),
                read(overrides, "HUB_DB_PASSWORD").orElse(""));
    }

    public int port(Port port) {
        return ports.get(port);
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
        throw new LaunchException(port.variable + "=" + value + " is not a TCP port number (1-65535)");
    }
}
