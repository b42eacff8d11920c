package org.openiothub.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.bouncycastle.operator.OperatorCreationException;
import org.openiothub.server.HubSettings.Port;

/**
 * Runs the hub: checks its ports, prepares the data directory and TLS material, starts the provisioned WildFly
 * ({@code standalone-full.xml}, or {@code standalone-full-ha.xml} for a node of a cluster) and waits until every
 * endpoint accepts connections. {@link #main} runs it in the
 * foreground until the process is interrupted; tests use {@link #start} and close the returned hub.
 */
public final class HubLauncher {

    private static final long START_TIMEOUT_SECONDS = 240;
    private static final String STARTED = "WFLYSRV0025";
    private static final String STARTED_WITH_ERRORS = "WFLYSRV0026";
    private static final String SINGLE_CONFIG = "standalone-full.xml";
    private static final String CLUSTER_CONFIG = "standalone-full-ha.xml";

    private HubLauncher() {
    }

    public static void main(String[] args) {
        Path wildflyHome = Path.of(System.getProperty("hub.wildfly.home", "wildfly-config/target/wildfly"));
        Optional<ProcessHandle> parent = Boolean.getBoolean("hub.stop-with-parent")
                ? ProcessHandle.current().parent() : Optional.empty();
        RunningHub hub;
        try {
            hub = start(HubSettings.fromEnvironment(), wildflyHome, System.out::println);
        } catch (LaunchException e) {
            System.err.println("The hub did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "hub-shutdown"));
        // Maven does not pass its own termination on to the processes it runs: follow it instead.
        parent.ifPresent(process -> process.onExit().thenRun(() -> System.exit(0)));
        System.out.println("Owner connection string: " + hub.ownerConnectionString());
        System.out.println("CA certificate: " + hub.caCertificate());
        System.out.println("Event Hub-compatible endpoint: " + hub.eventHubConnectionString());
        int status = hub.awaitExit();
        System.exit(status);
    }

    /**
     * Starts the hub and returns once every endpoint accepts connections.
     *
     * @param output receives every line the server prints
     * @throws LaunchException when a port is taken, the server fails to boot or the hub fails to deploy
     */
    public static RunningHub start(HubSettings settings, Path wildflyHome, Consumer<String> output) {
        if (!Files.isRegularFile(wildflyHome.resolve("bin/standalone.sh"))) {
            throw new LaunchException("No provisioned WildFly at " + wildflyHome.toAbsolutePath()
                    + ": build it with 'mvn install -DskipTests' from the project root");
        }
        PortProbe.requireBindable(settings);
        Path dataDir = settings.dataDir();
        TlsMaterial tls;
        Optional<String> clusterPassword;
        Path connectionStringFile = dataDir.resolve("owner-connection-string");
        Path propertiesFile = dataDir.resolve("hub.properties");
        try {
            Files.createDirectories(dataDir);
            tls = TlsMaterial.prepare(settings);
            clusterPassword = clusterPassword(settings);
            Files.deleteIfExists(connectionStringFile);
            TlsMaterial.writePrivate(propertiesFile, serverProperties(settings, tls, clusterPassword, connectionStringFile));
        } catch (IOException e) {
            throw new LaunchException("Cannot write to the data directory " + dataDir + " (HUB_DATA_DIR): " + e.getMessage(), e);
        }
        Process process = startServer(settings, wildflyHome, propertiesFile);
        RunningHub hub = new RunningHub(process, tls.caCertificate, connectionStringFile, settings.eventHub().name());
        CompletableFuture<Boolean> booted = pumpOutput(process, output);
        try {
            awaitReady(settings, process, booted);
            hub.readConnectionString();
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /**
     * The password of the broker's cluster bridges: {@code HUB_CLUSTER_PASSWORD}, or one generated once in the CA
     * directory that the nodes share ({@code cluster.password}).
     */
    private static Optional<String> clusterPassword(HubSettings settings) throws IOException {
        if (settings.cluster().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> configured = settings.cluster().get().password();
        if (configured.isPresent()) {
            return configured;
        }
        Path caDir = settings.caDir();
        try {
            return Optional.of(TlsMaterial.inLockedDirectory(caDir,
                    () -> TlsMaterial.readOrCreateSecret(caDir.resolve("cluster.password"))));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new LaunchException("Cannot make the cluster password in " + caDir + ": " + e.getMessage(), e);
        }
    }

    private static String serverProperties(HubSettings settings, TlsMaterial tls, Optional<String> clusterPassword,
            Path connectionStringFile) {
        Properties properties = new Properties();
        properties.setProperty("hub.hostname", settings.hostName());
        properties.setProperty("hub.bind.address", settings.bindAddress());
        properties.setProperty("hub.data.dir", settings.dataDir().toString());
        properties.setProperty("hub.name", settings.eventHub().name());
        properties.setProperty("hub.partitions", String.valueOf(settings.eventHub().partitions()));
        properties.setProperty("hub.retention-days", String.valueOf(settings.eventHub().retentionDays()));
        properties.setProperty("hub.eventhub.store", settings.eventHub().inDatabase() ? "database" : "local");
        // The consumer-group queues read on 5672 keep events as long as the Event Hub's log does (unless the server
        // options set their own, which this file would otherwise override).
        if (!settings.javaOpts().contains("-Dhub.events.retention-millis=")) {
            properties.setProperty("hub.events.retention-millis",
                    String.valueOf(TimeUnit.DAYS.toMillis(settings.eventHub().retentionDays())));
        }
        properties.setProperty("hub.blobs.dir", settings.blobsDir().toString());
        properties.setProperty("hub.https.port", String.valueOf(settings.port(Port.HTTPS)));
        properties.setProperty("hub.mqtt.port", String.valueOf(settings.port(Port.MQTT)));
        properties.setProperty("hub.amqps.port", String.valueOf(settings.port(Port.AMQPS)));
        properties.setProperty("hub.amqp.port", String.valueOf(settings.port(Port.AMQP)));
        properties.setProperty("hub.coaps.port", String.valueOf(settings.port(Port.COAPS)));
        if (settings.port(Port.COAP) > 0) {
            properties.setProperty("hub.coap.port", String.valueOf(settings.port(Port.COAP)));
        }
        properties.setProperty("hub.internal.http.port", String.valueOf(settings.port(Port.INTERNAL_HTTP)));
        properties.setProperty("jboss.management.http.port", String.valueOf(settings.port(Port.MANAGEMENT)));
        properties.setProperty("jboss.bind.address.management", settings.internalAddress());
        settings.cluster().ifPresent(cluster -> {
            properties.setProperty("hub.cluster.members", cluster.members());
            properties.setProperty("hub.cluster.address", cluster.address());
            properties.setProperty("hub.cluster.port", String.valueOf(settings.port(Port.CLUSTER)));
            properties.setProperty("hub.cluster.messaging.port", String.valueOf(settings.port(Port.CLUSTER_MESSAGING)));
            properties.setProperty("hub.cluster.password", clusterPassword.orElseThrow());
        });
        properties.setProperty("hub.tls.keystore", tls.keyStore.toString());
        properties.setProperty("hub.tls.keystore.password", tls.password);
        properties.setProperty("hub.owner.connection-string.file", connectionStringFile.toString());
        settings.ownerKey().ifPresent(key -> properties.setProperty("hub.owner.key", key));
        settings.database().ifPresent(database -> {
            properties.setProperty("hub.db.driver", database.driver());
            properties.setProperty("hub.db.url", database.serverUrl());
            properties.setProperty("hub.db.user", database.user());
            properties.setProperty("hub.db.password", database.password());
        });
        // Named, Json.create* finds its provider at once; unnamed, every call scans the modules' service files
        // and probes for OSGi, which took most of the time of a twin write (measured with the import benchmark).
        properties.setProperty("jakarta.json.provider", "org.eclipse.parsson.JsonProviderImpl");
        StringBuilder text = new StringBuilder("# Written by the hub launcher at every start.\n");
        properties.forEach((name, value) -> text.append(name).append('=')
                .append(value.toString().replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }

    private static Process startServer(HubSettings settings, Path wildflyHome, Path propertiesFile) {
        Path dataDir = settings.dataDir();
        List<String> command = new ArrayList<>(List.of("bash", wildflyHome.resolve("bin/standalone.sh").toString(),
                "-c", settings.cluster().isPresent() ? CLUSTER_CONFIG : SINGLE_CONFIG,
                "--properties=" + propertiesFile.toUri(),
                "-Djboss.server.data.dir=" + dataDir.resolve("server"),
                "-Djboss.server.temp.dir=" + dataDir.resolve("tmp"),
                "-Djboss.server.log.dir=" + dataDir.resolve("log"),
                "-Djboss.management.http.port=" + settings.port(Port.MANAGEMENT)));
        settings.cluster().ifPresent(cluster -> {
            command.add("-Djboss.node.name=" + cluster.nodeName());
            command.add("-Djboss.tx.node.id=" + cluster.transactionNodeId());
        });
        ProcessBuilder builder = new ProcessBuilder(command).directory(wildflyHome.toFile()).redirectErrorStream(true);
        builder.environment().put("JBOSS_HOME", wildflyHome.toAbsolutePath().toString());
        builder.environment().put("JBOSS_LOG_DIR", dataDir.resolve("log").toString());
        // standalone.sh relays signals to the JVM only when it runs it in the background.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        builder.environment().put("JAVA_OPTS", settings.javaOpts()
                + " -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true"
                + " -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LaunchException("Cannot start WildFly from " + wildflyHome + ": " + e.getMessage(), e);
        }
    }

    /** Copies the server's output to {@code output}; the future completes with whether the boot had no errors. */
    private static CompletableFuture<Boolean> pumpOutput(Process process, Consumer<String> output) {
        CompletableFuture<Boolean> booted = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.accept(line);
                    if (line.contains(STARTED)) {
                        booted.complete(true);
                    } else if (line.contains(STARTED_WITH_ERRORS)) {
                        booted.complete(false);
                    }
                }
            } catch (IOException e) {
                booted.completeExceptionally(new UncheckedIOException(e));
            }
            booted.completeExceptionally(new LaunchException("WildFly exited before it finished booting"));
        }, "hub-server-output");
        pump.setDaemon(true);
        pump.start();
        return booted;
    }

    private static void awaitReady(HubSettings settings, Process process, CompletableFuture<Boolean> booted) {
        boolean clean;
        try {
            clean = booted.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new LaunchException("WildFly did not finish booting within " + START_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new LaunchException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while WildFly was booting");
        }
        if (!clean) {
            throw new LaunchException("WildFly booted with errors (see the lines above and "
                    + settings.dataDir().resolve("log/server.log") + ")");
        }
        for (Port port : List.of(Port.HTTPS, Port.MQTT, Port.AMQPS, Port.AMQP)) {
            int number = settings.port(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!PortProbe.accepts(settings.probeAddress(), number)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new LaunchException("Nothing accepts connections on port " + number + " (" + port.purpose + ")");
                }
                sleep(100);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
