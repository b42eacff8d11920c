package org.openiothub.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The hub's settings, as the launcher hands them to the server ({@code hub.*} system properties, from the
 * {@code HUB_*} environment variables). One place, so no other class reads system properties.
 */
@ApplicationScoped
public class HubConfig {

    public String hostName() {
        return property("hub.hostname", "127.0.0.1");
    }

    /**
     * The hub's name ({@code hub.name}, from {@code HUB_NAME}, defaulted by the launcher from the host name): the name
     * of its built-in endpoint's Event Hub, the first segment of every Event Hub address and audience.
     */
    public String hubName() {
        return required("hub.name");
    }

    /**
     * The built-in endpoint's partition count ({@code hub.partitions}, from {@code HUB_PARTITIONS}): 2 to 32, default 4,
     * as IoT Hub. Fixed once the endpoint's log exists: a device's partition must not change.
     */
    public int partitionCount() {
        return Integer.parseInt(property("hub.partitions", "4"));
    }

    /**
     * How long the built-in endpoint keeps events ({@code hub.retention-days}, from {@code HUB_RETENTION_DAYS}, which
     * the launcher checks): 1 to 7 days, default 1.
     */
    public int retentionDays() {
        return Integer.parseInt(property("hub.retention-days", "1"));
    }

    /**
     * Whether the built-in endpoint's Event Hub lives in the database rather than in this node's data directory
     * ({@code hub.eventhub.store}, from {@code HUB_EVENT_HUB_STORE}): always in a cluster (one log per partition for
     * every node), on one node when so configured.
     */
    public boolean eventHubInDatabase() {
        return clustered() || "database".equals(property("hub.eventhub.store", "local"));
    }

    /**
     * The names a token's resource may start with: the host name and the names its certificate also covers (the
     * loopback names, and the bind address when it is a specific one: a node of a cluster reached directly), lower case.
     */
    public Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>(List.of(hostName().toLowerCase(Locale.ROOT), "localhost", "127.0.0.1"));
        String bindAddress = bindAddress();
        if (!"0.0.0.0".equals(bindAddress) && !"::".equals(bindAddress)) {
            names.add(bindAddress.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** This node's name ({@code jboss.node.name}): unique in a cluster; a hub of one node has one too. */
    public String nodeName() {
        return property("jboss.node.name", "hub");
    }

    /** Whether this hub is a node of a cluster ({@code hub.cluster.members}, from {@code HUB_CLUSTER_MEMBERS}). */
    public boolean clustered() {
        return System.getProperty("hub.cluster.members") != null;
    }

    public String bindAddress() {
        return property("hub.bind.address", "0.0.0.0");
    }

    public int mqttPort() {
        return Integer.parseInt(property("hub.mqtt.port", "8883"));
    }

    public int httpsPort() {
        return Integer.parseInt(property("hub.https.port", "443"));
    }

    /** The device and service AMQP 1.0 endpoint over TLS ({@code hub.amqps.port}, from {@code HUB_AMQPS_PORT}). */
    public int amqpsPort() {
        return Integer.parseInt(property("hub.amqps.port", "5671"));
    }

    /** The device CoAP endpoint over DTLS, UDP ({@code hub.coaps.port}, from {@code HUB_COAPS_PORT}). */
    public int coapsPort() {
        return Integer.parseInt(property("hub.coaps.port", "5684"));
    }

    /** Plain CoAP, UDP ({@code hub.coap.port}, from {@code HUB_COAP_PORT}); empty (off) unless an operator sets it. */
    public Optional<Integer> coapPort() {
        return Optional.ofNullable(System.getProperty("hub.coap.port")).filter(port -> !port.isBlank()).map(Integer::valueOf);
    }

    public int amqpPort() {
        return Integer.parseInt(property("hub.amqp.port", "5672"));
    }

    public Path dataDir() {
        return Path.of(required("hub.data.dir"));
    }

    /**
     * The only directory import and export jobs read and write ({@code hub.blobs.dir}, from {@code HUB_BLOBS_DIR}):
     * their {@code file:} container URIs must name a directory under it. Default {@code <data dir>/blobs}.
     */
    public Path blobsDir() {
        String configured = System.getProperty("hub.blobs.dir");
        return configured == null || configured.isBlank() ? dataDir().resolve("blobs") : Path.of(configured);
    }

    /** PKCS#12 key store holding the server key and its chain, shared with the HTTPS listener. */
    public Path keyStore() {
        return Path.of(required("hub.tls.keystore"));
    }

    public char[] keyStorePassword() {
        return required("hub.tls.keystore.password").toCharArray();
    }

    /** The operator's {@code iothubowner} key, when one was given. */
    public Optional<String> ownerKey() {
        return Optional.ofNullable(System.getProperty("hub.owner.key")).filter(key -> !key.isBlank());
    }

    /** Where the owner connection string is written for the launcher to print. */
    public Optional<Path> ownerConnectionStringFile() {
        return Optional.ofNullable(System.getProperty("hub.owner.connection-string.file")).map(Path::of);
    }

    /**
     * How long a device has from opening its MQTT connection (the TLS handshake included) to its CONNECT before the
     * connection is closed ({@code hub.mqtt.connect-timeout}, ISO-8601, 1 second to 5 minutes).
     *
     * @throws IllegalArgumentException when the setting is not a duration in that range
     */
    public Duration mqttConnectTimeout() {
        String configured = property("hub.mqtt.connect-timeout", "PT30S");
        Duration timeout = Duration.parse(configured);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("hub.mqtt.connect-timeout must be between PT1S and PT5M, not " + configured);
        }
        return timeout;
    }

    /** Pending cloud-to-device messages a device may have ({@code hub.c2d.max-queue-depth}, IoT Hub: 50). */
    public int c2dMaxQueueDepth() {
        return Integer.parseInt(property("hub.c2d.max-queue-depth", "50"));
    }

    /** Time to live of a cloud-to-device message that names no expiry ({@code hub.c2d.default-ttl}, ISO-8601). */
    public Duration c2dDefaultTtl() {
        return Duration.parse(property("hub.c2d.default-ttl", "PT1H"));
    }

    /** How long a delivered cloud-to-device message waits for its completion ({@code hub.c2d.lock-timeout}). */
    public Duration c2dLockTimeout() {
        return Duration.parse(property("hub.c2d.lock-timeout", "PT1M"));
    }

    /** Deliveries of a cloud-to-device message before it is dead ({@code hub.c2d.max-delivery-count}, 1-100). */
    public int c2dMaxDeliveryCount() {
        return Integer.parseInt(property("hub.c2d.max-delivery-count", "10"));
    }

    /**
     * Devices per second that scheduled jobs act on, all running jobs together ({@code hub.jobs.device-rate};
     * IoT Hub S1: 10).
     */
    public double jobsDeviceRate() {
        return Double.parseDouble(property("hub.jobs.device-rate", "10"));
    }

    /** Scheduled jobs running at once; the others wait as {@code queued} ({@code hub.jobs.max-running}; IoT Hub S1: 1). */
    public int jobsMaxRunning() {
        return Integer.parseInt(property("hub.jobs.max-running", "1"));
    }

    /** Direct method calls or twin updates one job has in flight at most ({@code hub.jobs.max-calls-in-flight}). */
    public int jobsMaxCallsInFlight() {
        return Integer.parseInt(property("hub.jobs.max-calls-in-flight", "100"));
    }

    /** How long ended jobs and their device records are kept ({@code hub.jobs.history}, ISO-8601; IoT Hub: 30 days). */
    public Duration jobsHistory() {
        return Duration.parse(property("hub.jobs.history", "P30D"));
    }

    private static String property(String name, String defaultValue) {
        return System.getProperty(name, defaultValue);
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: start the hub with its launcher");
        }
        return value;
    }
}
