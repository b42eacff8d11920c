package org.openiothub.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.openiothub.server.HubLauncher;
import org.openiothub.server.HubSettings;
import org.openiothub.server.RunningHub;

/**
 * The one hub all integration tests share: started by the launcher on the IoT Hub ports (the SDKs hard-code
 * them) the first time a test asks for it, stopped when the test session closes. Its data directory is fresh
 * for every session; the server's output goes to {@code target/it-hub/console.log}.
 *
 * <p>With the system property {@code hub.it.db.url} (and {@code hub.it.db.user}, {@code hub.it.db.password}) the
 * hub uses that PostgreSQL database ({@code HUB_DB_URL}) instead of its embedded H2 one; its schema {@code public}
 * is emptied at the start of the session, as the data directory is. With {@code hub.it.eventhub.store} the Event Hub's
 * log is kept there ({@code HUB_EVENT_HUB_STORE}).
 */
public final class HubUnderTest implements LauncherSessionListener {

    /** The hub's {@code hub.mqtt.connect-timeout}: short, so that a test can watch it close a connection. */
    static final int MQTT_CONNECT_TIMEOUT_SECONDS = 10;

    private static RunningHub hub;
    private static String extraServerOptions;
    private static Path dataDir;
    private static PrintWriter console;

    /** The running hub, started on first use. */
    public static synchronized RunningHub get() {
        if (hub == null) {
            start();
        }
        return hub;
    }

    public static String ownerConnectionString() {
        return get().ownerConnectionString();
    }

    public static Path caCertificate() {
        return get().caCertificate();
    }

    /** Where the hub's import and export jobs read and write: {@code HUB_BLOBS_DIR} at its default. */
    public static Path blobsDir() {
        get();
        return dataDir.resolve("blobs");
    }

    /** Stops the hub and starts it again on the same data directory, as an operator's restart would. */
    public static synchronized void restart() {
        get().close();
        hub = HubLauncher.start(settings(), wildflyHome(), HubUnderTest::log);
    }

    /**
     * Restarts the hub on the same data directory with {@code extraOptions} added to its {@code HUB_JAVA_OPTS}
     * (server settings such as {@code -Dhub.events.retention-millis=...}); {@code null} for the suite's own options.
     */
    public static synchronized void restartWith(String extraOptions) {
        get().close();
        extraServerOptions = extraOptions;
        hub = HubLauncher.start(settings(), wildflyHome(), HubUnderTest::log);
    }

    /** Kills the server's processes ({@code kill -9}) and starts the hub again on the same data directory. */
    public static synchronized void crashAndRestart() {
        get().kill();
        hub = HubLauncher.start(settings(), wildflyHome(), HubUnderTest::log);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        synchronized (HubUnderTest.class) {
            if (hub != null) {
                hub.close();
                hub = null;
            }
            if (console != null) {
                console.close();
            }
        }
    }

    private static void start() {
        dataDir = Path.of(System.getProperty("hub.it.data.dir", "target/it-hub")).toAbsolutePath();
        deleteRecursively(dataDir);
        database().ifPresent(HubUnderTest::emptyDatabase);
        try {
            Files.createDirectories(dataDir);
            console = new PrintWriter(Files.newBufferedWriter(dataDir.resolve("console.log")), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hub = HubLauncher.start(settings(), wildflyHome(), HubUnderTest::log);
        trustHubCaByDefault(hub.caCertificate());
    }

    private static HubSettings settings() {
        String javaOptions = "-Xms512m -Xmx2g -Dhub.mqtt.connect-timeout=PT" + MQTT_CONNECT_TIMEOUT_SECONDS + "S";
        Map<String, String> settings = new HashMap<>(Map.of("HUB_DATA_DIR", dataDir.toString(), "HUB_HOSTNAME", "127.0.0.1",
                "HUB_JAVA_OPTS", extraServerOptions == null ? javaOptions : javaOptions + " " + extraServerOptions));
        Optional.ofNullable(System.getProperty("hub.it.eventhub.store")).filter(store -> !store.isBlank())
                .ifPresent(store -> settings.put("HUB_EVENT_HUB_STORE", store));
        database().ifPresent(database -> {
            settings.put("HUB_DB_URL", database.url());
            settings.put("HUB_DB_USER", database.user());
            settings.put("HUB_DB_PASSWORD", database.password());
        });
        return HubSettings.from(settings);
    }

    /** The PostgreSQL database the suite runs on, when one is given. */
    public static Optional<HubSettings.Database> database() {
        return Optional.ofNullable(System.getProperty("hub.it.db.url")).filter(url -> !url.isBlank())
                .map(url -> new HubSettings.Database(url, System.getProperty("hub.it.db.user", "hub"),
                        System.getProperty("hub.it.db.password", "")));
    }

    /** Drops everything in the database's schema {@code public}: a fresh start, as an emptied data directory is. */
    public static void emptyDatabase(HubSettings.Database database) {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the test database " + database.url() + ": " + e.getMessage(), e);
        }
    }

    private static Path wildflyHome() {
        return Path.of(System.getProperty("hub.wildfly.home", "../wildfly-config/target/wildfly"));
    }

    private static void log(String line) {
        console.println(line);
    }

    /**
     * The service SDK's REST clients take no SSLContext: they trust what the JVM's default trust store
     * holds, so the hub's CA becomes that store for this test JVM.
     */
    private static void trustHubCaByDefault(Path caPem) {
        trustByDefault(caPem, dataDir.resolve("truststore.p12"));
    }

    /** Makes {@code caPem} the JVM's default trust store (written to {@code file}), as the service SDK needs. */
    public static void trustByDefault(Path caPem, Path file) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("hub-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, "changeit".toCharArray());
            }
            System.setProperty("javax.net.ssl.trustStore", file.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build a trust store from " + caPem, e);
        }
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readCaPem() {
        try {
            return Files.readString(caCertificate(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
