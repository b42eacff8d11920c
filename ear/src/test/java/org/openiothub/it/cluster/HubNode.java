package org.openiothub.it.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.openiothub.it.HubUnderTest;
import org.openiothub.server.HubLauncher;
import org.openiothub.server.HubSettings;
import org.openiothub.server.RunningHub;

/**
 * One node of a cluster on this machine, started by the launcher as an operator would with {@code HUB_CLUSTER_*}:
 * node {@code n} listens on its own loopback address 127.0.0.(n+1), so that every node keeps the IoT Hub ports. The
 * server's output goes to {@code <dir>/node<n>/console.log} and is kept for assertions on what it logged.
 */
final class HubNode implements AutoCloseable {

    /** The name every node answers to (HUB_HOSTNAME), as a balancer's name would be. */
    static final String HOST_NAME = "127.0.0.1";

    final int number;
    final String address;
    private final Path dataDir;
    private final List<String> lines = new ArrayList<>();
    private final PrintWriter console;
    private final CountDownLatch channelConnected = new CountDownLatch(1);
    private volatile RunningHub hub;
    private Thread startedBy;

    private HubNode(int number, Path clusterDir) {
        this.number = number;
        this.address = "127.0.0." + (number + 1);
        this.dataDir = clusterDir.resolve("node" + number);
        try {
            Files.createDirectories(dataDir);
            console = new PrintWriter(Files.newBufferedWriter(dataDir.resolve("console.log")), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts node {@code number} of a cluster of {@code nodes} in the background.
     *
     * @param ownerKey the owner key all nodes share
     */
    static HubNode starting(int number, int nodes, Path clusterDir, String ownerKey) {
        HubNode node = new HubNode(number, clusterDir);
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            members.append(members.length() == 0 ? "" : ",").append("127.0.0.").append(i + 1).append("[7600]");
        }
        Map<String, String> variables = new HashMap<>(Map.of(
                "HUB_DATA_DIR", node.dataDir.toString(),
                "HUB_CA_DIR", clusterDir.resolve("ca").toString(),
                "HUB_HOSTNAME", HOST_NAME,
                "HUB_BIND_ADDRESS", node.address,
                "HUB_CLUSTER_MEMBERS", members.toString(),
                "HUB_NODE_NAME", "node" + number,
                "HUB_OWNER_KEY", ownerKey,
                "HUB_JAVA_OPTS", "-Xms256m -Xmx1g"));
        // The nodes of one hub share one database: the suite's PostgreSQL (emptied by the test before the first node).
        HubUnderTest.database().ifPresent(database -> {
            variables.put("HUB_DB_URL", database.url());
            variables.put("HUB_DB_USER", database.user());
            variables.put("HUB_DB_PASSWORD", database.password());
        });
        HubSettings settings = HubSettings.from(variables);
        Path wildflyHome = Path.of(System.getProperty("hub.wildfly.home", "../wildfly-config/target/wildfly"));
        Thread starter = new Thread(() -> node.hub = HubLauncher.start(settings, wildflyHome, node::log), "start-node" + number);
        starter.setUncaughtExceptionHandler((thread, e) -> node.log("The node did not start: " + e));
        node.startedBy = starter;
        starter.start();
        return node;
    }

    /** Waits until this node has joined the cluster's JGroups channel, so that the next node joins its view. */
    void awaitChannelConnected(Duration timeout) throws InterruptedException {
        if (!channelConnected.await(timeout.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("node" + number + " did not connect its JGroups channel; see " + dataDir);
        }
    }

    /** Waits until the node serves, or throws why it does not. */
    void awaitStarted(Duration timeout) throws InterruptedException {
        startedBy.join(timeout.toMillis());
        if (hub == null) {
            throw new IllegalStateException("node" + number + " did not start; see " + dataDir.resolve("console.log"));
        }
    }

    /** Kills every process of the node at once ({@code kill -9}). */
    void kill() {
        hub.kill();
    }

    Path caCertificate() {
        return hub.caCertificate();
    }

    /** The first line the server logged that {@code wanted} accepts, waiting up to {@code timeout}; null if none. */
    String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            synchronized (lines) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return null;
    }

    private void log(String line) {
        console.println(line);
        synchronized (lines) {
            lines.add(line);
        }
        if (line.contains("WFLYCLJG0033")) {
            channelConnected.countDown();
        }
    }

    @Override
    public void close() {
        try {
            startedBy.join(TimeUnit.MINUTES.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hub != null) {
            hub.close();
        }
        console.close();
    }
}
