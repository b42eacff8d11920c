package org.openiothub.benchmark;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openiothub.benchmark.DeviceProvisioner.ProvisioningException;
import org.openiothub.benchmark.LatencyRecorder.Percentiles;

/**
 * The {@code telemetry} benchmark: N devices publish telemetry with a bounded window of unacknowledged messages,
 * over MQTT/TLS (one connection each, QoS 1, acknowledged by PUBACK) or AMQP/TLS (one or more devices per
 * connection, acknowledged by an accepted disposition); acknowledgements per second and their latency are measured
 * after a warm-up, while a back end reads the built-in endpoint: a plain AMQP receiver on the events queue, or
 * one Event Hubs receiver per partition.
 * <p>
 * Phases: provision, attach the drain, connect (rate-limited), warm-up, measure (once per window of a list,
 * each later window first settling for a while), settle (stop sending, let acknowledgements and the drain catch
 * up), disconnect. Each phase has a time bound; a watchdog ends the
 * process should the bounds somehow be exceeded.
 */
final class TelemetryBenchmark {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE_ACKS = Duration.ofSeconds(10);
    private static final Duration SETTLE_DRAIN = Duration.ofSeconds(15);
    private static final Duration DRAIN_IDLE = Duration.ofSeconds(2);
    private static final Duration DISCONNECT = Duration.ofSeconds(10);

    private final BenchmarkOptions options;
    private final PrintStream out;
    private final PrintStream log;
    private final Duration provisionTimeout;
    private final long tokenExpiry;

    TelemetryBenchmark(BenchmarkOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
        this.provisionTimeout = Duration.ofSeconds(60 + options.devices() / 10);
        // Tokens outlive the run by a wide margin: an expiring token would show up as disconnects.
        this.tokenExpiry = Instant.now().getEpochSecond() + TimeUnit.HOURS.toSeconds(2) + plannedSeconds();
    }

    /** @return the process exit status: 0 when a measurement was taken, 1 when setup failed */
    int run() throws Exception {
        startWatchdog();
        log.printf("telemetry: %d devices over %s -> %s (devices %d, https %d, amqp %d), window %s, payload %d B,"
                        + " warm-up %d s, measure %d s%n",
                options.devices(), protocolName(), options.target(), options.devicePort(), options.httpsPort(),
                options.amqpPort(),
                options.windows().size() == 1 ? options.window() : options.windows() + " in turn",
                options.payloadBytes(), options.warmupSeconds(), options.durationSeconds());
        TrustedCa ca = TrustedCa.fromPem(options.ca());
        Provisioning provisioning;
        try {
            provisioning = provision(ca);
        } catch (ProvisioningException e) {
            log.println("provisioning failed: " + e.getMessage());
            return 1;
        }

        TelemetryStats stats = new TelemetryStats();
        TelemetryDrain drain = null;
        try (TelemetryFleet fleet = fleet(ca);
             ProgressReporter progress = new ProgressReporter(stats, log)) {
            if (options.drainKind() == BenchmarkOptions.DrainKind.EVENTHUB) {
                // Attached before devices connect: starting at the end, they receive every message of this run.
                drain = EventHubDrain.start(ca.nettyClientContext(), options.drainHost(), options.amqpsPort(),
                        options.drainTokenHost(), options.eventHub(), options.partitions(), owner().keyName(),
                        owner().key(), tokenExpiry, options.drainCredit(), options.drainEarliest(), CONNECT_TIMEOUT);
                progress.receivedFrom(drain::received);
                log.println("Event Hub drain attached to " + options.eventHub() + "/ConsumerGroups/"
                        + EventHubDrain.CONSUMER_GROUP + "/Partitions/0.." + (options.partitions() - 1) + " at "
                        + options.drainHost() + ":" + options.amqpsPort() + " (from the "
                        + (options.drainEarliest() ? "earliest" : "latest") + " event, each delivery accepted, credit "
                        + options.drainCredit() + " per partition)");
            } else if (options.drain()) {
                // Attached before devices connect, so a backlog left by an earlier run is consumed meanwhile.
                drain = EventsDrain.start(options.drainHost(), options.amqpPort(), owner().keyName(),
                        SasTokens.forPolicy(options.drainTokenHost(), owner().keyName(), owner().key(), tokenExpiry),
                        options.drainPresettled(), options.drainCredit());
                progress.receivedFrom(drain::received);
                log.println("events drain attached to " + EventsDrain.ADDRESS + " at " + options.drainHost() + " ("
                        + (options.drainPresettled() ? "presettled" : "each delivery accepted") + ", credit "
                        + options.drainCredit() + ")");
            }

            long connectStarted = System.nanoTime();
            fleet.connectAll(provisioning.devices(), new TelemetryDevices(options.hubHostName(), tokenExpiry,
                    options.window(), options.maxWindow(), options.payloadBytes(), stats), options.connectRate(),
                    CONNECT_TIMEOUT);
            double connectSeconds = seconds(System.nanoTime() - connectStarted);
            Percentiles connectLatency = stats.connectLatency.interval();
            long connected = stats.connected.sum();
            log.printf("connected %d of %d devices in %.1f s%s%n", connected, options.devices(), connectSeconds,
                    connected < options.devices() ? " (" + stats.topErrors(3) + ")" : "");
            if (connected == 0) {
                fleet.disconnectAll(DISCONNECT);
                return 1;
            }

            fleet.startPublishing();
            progress.phase("warm-up");
            sleep(Duration.ofSeconds(options.warmupSeconds()));
            List<Integer> windows = options.windows();
            for (int step = 0; step < windows.size(); step++) {
                boolean last = step == windows.size() - 1;
                if (step > 0) {
                    // The new window's in-flight level and latency take a moment to settle before they are measured.
                    fleet.window(windows.get(step));
                    progress.phase("window " + windows.get(step));
                    sleep(Duration.ofSeconds(options.stepSettleSeconds()));
                }
                stats.pubAckLatency.reset();
                Snapshot before = Snapshot.take(stats, drain, fleet);
                progress.phase(ProgressReporter.MEASURE);
                sleep(Duration.ofSeconds(options.durationSeconds()));
                Snapshot after = Snapshot.take(stats, drain, fleet);
                Percentiles pubAckLatency = stats.pubAckLatency.interval();
                List<Double> rates = progress.measuredRates();

                if (last) {
                    progress.phase("settle");
                    fleet.stopPublishing();
                    awaitAcknowledgements(stats);
                    if (drain != null) {
                        awaitDrain(drain, stats);
                    }
                    progress.phase("close");
                    fleet.disconnectAll(DISCONNECT);
                    progress.close();
                } else {
                    // Printed while the next window already runs; its totals are those so far.
                    progress.phase("window " + windows.get(step + 1));
                }
                double measured = seconds(after.at - before.at);
                new TelemetryResult(
                        protocolName(), options.target(), fleet.transport(), options.ioThreads(), options.devices(),
                        connected, stats.connectFailures.sum(), connectSeconds, connectLatency,
                        provisioning.created(), provisioning.existing(), provisioning.seconds(),
                        windows.get(step), options.payloadBytes(), options.warmupSeconds(), measured,
                        after.sent - before.sent, after.acked - before.acked, (after.acked - before.acked) / measured,
                        rates.isEmpty() ? 0 : Collections.min(rates), rates.isEmpty() ? 0 : Collections.max(rates),
                        pubAckLatency, drain != null ? drain.label() : null,
                        drain != null ? (after.received - before.received) / measured : -1,
                        drain != null ? drain.received() : -1, stats.acked.sum(),
                        drain != null ? drain.failure() : null,
                        drain != null && last ? drain.verdict(stats.acked.sum()) : null,
                        (after.cpuNanos - before.cpuNanos) / (double) (after.at - before.at),
                        after.ioCpuNanos < 0 ? -1
                                : (after.ioCpuNanos - before.ioCpuNanos) / (double) (after.at - before.at)
                                        / options.ioThreads(),
                        Runtime.getRuntime().availableProcessors(),
                        stats.errorCount(), stats.disconnects.sum(), stats.lost.sum(), stats.topErrors(5))
                        .print(out);
            }
            return 0;
        } finally {
            if (drain != null) {
                drain.close();
            }
        }
    }

    /** The devices and their keys, and what registering them took; seconds is -1 when skipped. */
    private record Provisioning(List<DeviceCredentials> devices, int created, int existing, double seconds) {
    }

    /** Counters read at a phase boundary. */
    private record Snapshot(long at, long sent, long acked, long received, long cpuNanos, long ioCpuNanos) {

        static Snapshot take(TelemetryStats stats, TelemetryDrain drain, TelemetryFleet fleet) {
            return new Snapshot(System.nanoTime(), stats.sent.sum(), stats.acked.sum(),
                    drain != null ? drain.received() : 0, processCpuNanos(), fleet.ioCpuNanos());
        }
    }

    private Provisioning provision(TrustedCa ca) throws Exception {
        List<String> deviceIds = new ArrayList<>(options.devices());
        for (int i = 0; i < options.devices(); i++) {
            deviceIds.add(options.deviceId(i));
        }
        if (!options.provision()) {
            return new Provisioning(unregisteredDevices(deviceIds), 0, 0, -1);
        }
        long started = System.nanoTime();
        DeviceProvisioner provisioner = new DeviceProvisioner(ca.jdkContext(), options.host(), options.httpsPort(),
                ownerToken());
        List<DeviceCredentials> devices = provisioner.provision(deviceIds, provisionTimeout);
        double seconds = seconds(System.nanoTime() - started);
        log.printf("provisioned %d devices in %.1f s (%d created, %d existed)%n",
                devices.size(), seconds, provisioner.created(), provisioner.existing());
        return new Provisioning(devices, provisioner.created(), provisioner.existing(), seconds);
    }

    private TelemetryFleet fleet(TrustedCa ca) throws javax.net.ssl.SSLException {
        if (options.protocol() == BenchmarkOptions.Protocol.AMQP) {
            return new AmqpDeviceFleet(options.ioThreads(), ca.nettyClientContext(), options.host(),
                    options.amqpsPort(), options.multiplex());
        }
        return new MqttDeviceFleet(options.ioThreads(), ca.nettyClientContext(), options.host(), options.mqttPort());
    }

    /** {@code MQTT} or {@code AMQP}, as results name the devices' protocol. */
    private String protocolName() {
        return options.protocol().name();
    }

    private HubConnectionString owner() {
        return options.connectionString();
    }

    private String ownerToken() {
        return SasTokens.forPolicy(owner().hostName(), owner().keyName(), owner().key(), tokenExpiry);
    }

    private void awaitAcknowledgements(TelemetryStats stats) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_ACKS.toNanos();
        while (stats.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (stats.inFlight() > 0) {
            log.println(stats.inFlight() + " messages still unacknowledged after " + SETTLE_ACKS.toSeconds() + " s");
        }
    }

    /** Waits until the drain has received as many messages as were acknowledged, or stops making progress. */
    private void awaitDrain(TelemetryDrain drain, TelemetryStats stats) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_DRAIN.toNanos();
        long last = drain.received();
        long lastProgressAt = System.nanoTime();
        while (drain.received() < stats.acked.sum() && drain.failure() == null) {
            long now = System.nanoTime();
            if (now > deadline || now - lastProgressAt > DRAIN_IDLE.toNanos()) {
                break;
            }
            Thread.sleep(50);
            long received = drain.received();
            if (received != last) {
                last = received;
                lastProgressAt = System.nanoTime();
            }
        }
    }

    private static List<DeviceCredentials> unregisteredDevices(List<String> deviceIds) {
        // Without provisioning the hub knows no keys; these tokens only pass brokers that ignore passwords.
        SecureRandom random = new SecureRandom();
        List<DeviceCredentials> devices = new ArrayList<>(deviceIds.size());
        for (String deviceId : deviceIds) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            devices.add(new DeviceCredentials(deviceId, Base64.getEncoder().encodeToString(key)));
        }
        return devices;
    }

    private long plannedSeconds() {
        return provisionTimeout.toSeconds()
                + options.devices() / options.connectRate() + CONNECT_TIMEOUT.toSeconds() + 5
                + options.warmupSeconds()
                + (long) options.windows().size() * (options.durationSeconds() + options.stepSettleSeconds())
                + SETTLE_ACKS.toSeconds() + SETTLE_DRAIN.toSeconds() + DISCONNECT.toSeconds();
    }

    /** Ends the process should a phase overrun its bound, e.g. on a blocked socket: a benchmark must never hang. */
    private void startWatchdog() {
        Watchdog.start("telemetry benchmark", plannedSeconds() + 60, log);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
