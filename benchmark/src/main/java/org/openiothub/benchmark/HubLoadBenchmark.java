package org.openiothub.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.openiothub.benchmark.DeviceProvisioner.ProvisioningException;
import org.openiothub.benchmark.LatencyRecorder.Percentiles;

/**
 * Runs a {@link HubWorkload} against connected devices: provision, connect and subscribe (rate-limited), warm-up,
 * measure, settle (no new work; wait for work in flight up to the timeout), disconnect. Each phase is bounded; a
 * watchdog ends the process should the bounds somehow be exceeded.
 */
final class HubLoadBenchmark {

    private static final Duration DISCONNECT = Duration.ofSeconds(10);

    private final HubLoadOptions options;
    private final PrintStream out;
    private final PrintStream log;
    private final Duration provisionTimeout;
    private final long tokenExpiry;

    HubLoadBenchmark(HubLoadOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
        this.provisionTimeout = Duration.ofSeconds(60 + options.devices() / 10);
        this.tokenExpiry = Instant.now().getEpochSecond() + TimeUnit.HOURS.toSeconds(2) + plannedSeconds();
    }

    /** @return the process exit status: 0 when a measurement was taken, 1 when setup failed */
    int run() throws Exception {
        startWatchdog();
        log.printf("%s: %d devices -> %s (mqtt %d, https %d), warm-up %d s, measure %d s%n", options.benchmark(),
                options.devices(), options.target(), options.mqttPort(), options.httpsPort(), options.warmupSeconds(),
                options.durationSeconds());
        TrustedCa ca = TrustedCa.fromPem(options.ca());
        List<DeviceCredentials> devices;
        DeviceProvisioner provisioner = new DeviceProvisioner(ca.jdkContext(), options.serviceHost(), options.httpsPort(),
                ownerToken());
        long provisionStarted = System.nanoTime();
        try {
            List<String> ids = new ArrayList<>(options.devices());
            for (int i = 0; i < options.devices(); i++) {
                ids.add(options.deviceId(i));
            }
            devices = provisioner.provision(ids, provisionTimeout);
        } catch (ProvisioningException e) {
            log.println("provisioning failed: " + e.getMessage());
            return 1;
        }
        log.printf("provisioned %d devices in %.1f s (%d created, %d existed)%n", devices.size(),
                seconds(System.nanoTime() - provisionStarted), provisioner.created(), provisioner.existing());

        TelemetryStats stats = new TelemetryStats();
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(options.ioThreads(), ca.nettyClientContext(),
                options.host(), options.mqttPort());
             ServiceTransport http = serviceTransport(ca, fleet);
             AmqpCloudToDeviceSender amqp = options.serviceAmqp() ? AmqpCloudToDeviceSender.connect(fleet.bootstrap(),
                     ca.nettyClientContext(), options.serviceHost(), options.amqpsPort(), options.serviceTokenHost(),
                     ownerToken(), TelemetryBenchmark.CONNECT_TIMEOUT) : null;
             ProgressReporter progress = new ProgressReporter(stats, log)) {
            HubWorkload workload = workload(new ServiceApiClient(http), stats, amqp);
            List<MqttDeviceClient> clients = new ArrayList<>(devices.size());
            String hubHost = options.connectionString().hostName();
            for (DeviceCredentials device : devices) {
                clients.add(new MqttDeviceClient(hubHost, device.deviceId(),
                        SasTokens.forDevice(hubHost, device.deviceId(), device.primaryKey(), tokenExpiry), 1,
                        BenchmarkOptions.MIN_PAYLOAD_BYTES, stats)
                        .receiveOn(workload.subscriptions(device.deviceId()), workload.inbox(device.deviceId())));
            }
            long connectStarted = System.nanoTime();
            fleet.connectAll(clients, options.connectRate(), TelemetryBenchmark.CONNECT_TIMEOUT);
            double connectSeconds = seconds(System.nanoTime() - connectStarted);
            Percentiles connectLatency = stats.connectLatency.interval();
            List<MqttDeviceClient> connected = clients.stream().filter(MqttDeviceClient::isConnected).toList();
            log.printf("connected and subscribed %d of %d devices in %.1f s%s%n", connected.size(), options.devices(),
                    connectSeconds, connected.size() < options.devices() ? " (" + stats.topErrors(3) + ")" : "");
            if (connected.isEmpty()) {
                fleet.disconnectAll(DISCONNECT);
                return 1;
            }
            long connectFailures = stats.connectFailures.sum();

            workload.start(connected);
            progress.phase("warm-up");
            workload.run(Duration.ofSeconds(options.warmupSeconds()));
            workload.latency().reset();
            if (workload.serviceLatency() != null) {
                workload.serviceLatency().reset();
            }
            workload.pacerLag();
            long errorsBefore = stats.errorCount();
            Snapshot before = Snapshot.take(stats);
            progress.phase(ProgressReporter.MEASURE);
            workload.run(Duration.ofSeconds(options.durationSeconds()));
            Snapshot after = Snapshot.take(stats);
            Percentiles latency = workload.latency().interval();
            Percentiles serviceLatency = workload.serviceLatency() == null ? null
                    : workload.serviceLatency().interval();
            Percentiles pacerLag = workload.pacerLag();
            String loadAverage = loadAverage();

            progress.phase("settle");
            workload.stop();
            awaitInFlight(stats);
            progress.phase("close");
            fleet.disconnectAll(DISCONNECT);
            List<Double> rates = progress.measuredRates();
            progress.close();

            double measured = seconds(after.at - before.at);
            new HubLoadResult(options.benchmark(), workload.title(), options.target(), fleet.transport(),
                    options.devices(), connected.size(), connectFailures, connectSeconds, connectLatency,
                    workload.load(), options.rate(), options.window(), options.warmupSeconds(), measured,
                    after.sent - before.sent, after.acked - before.acked,
                    (after.sent - before.sent) / measured, (after.acked - before.acked) / measured,
                    rates.isEmpty() ? 0 : Collections.min(rates), rates.isEmpty() ? 0 : Collections.max(rates),
                    workload.latencyName(), latency, serviceLatency, workload.serviceLatencyName(), pacerLag,
                    stats.errorCount() - errorsBefore, stats.lost.sum(), Math.max(0, stats.inFlight()),
                    stats.disconnects.sum(), stats.topErrors(5), workload.details(),
                    (after.cpuNanos - before.cpuNanos) / (double) (after.at - before.at),
                    Runtime.getRuntime().availableProcessors(), loadAverage)
                    .print(out);
            return 0;
        }
    }

    /**
     * The back end's connections: over HTTP/1.1 a pool of Netty connections on the fleet's event loops, over HTTP/2
     * one multiplexed JDK client.
     */
    private ServiceTransport serviceTransport(TrustedCa ca, MqttDeviceFleet fleet) throws GeneralSecurityException,
            SSLException {
        Map<String, String> headers = ServiceApiClient.commonHeaders(ownerToken());
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds());
        if (options.httpVersion() == HttpClient.Version.HTTP_2) {
            return new JdkHttp2Transport(ca.jdkContext(), options.serviceHost(), options.httpsPort(), headers, timeout);
        }
        return new NettyHttpConnectionPool(fleet.bootstrap(), ca.nettyClientContext(), options.serviceHost(),
                options.httpsPort(), headers, options.connections(), timeout);
    }

    private HubWorkload workload(ServiceApiClient api, TelemetryStats stats, AmqpCloudToDeviceSender amqp) {
        return switch (options.benchmark()) {
            case "methods" -> new DirectMethodLoad(options, api, stats);
            case "twin-desired" -> new DesiredPropertiesLoad(options, api, stats);
            case "twin-reported" -> new ReportedPropertiesLoad(options, stats);
            case "c2d" -> new CloudToDeviceLoad(options, api, stats, amqp);
            default -> throw new IllegalArgumentException("Unknown benchmark " + options.benchmark());
        };
    }

    /** Counters read at a phase boundary. */
    private record Snapshot(long at, long sent, long acked, long cpuNanos) {

        static Snapshot take(TelemetryStats stats) {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            return new Snapshot(System.nanoTime(), stats.sent.sum(), stats.acked.sum(), cpu);
        }
    }

    /** Waits until all work has completed or failed, at most the request timeout plus a second. */
    private void awaitInFlight(TelemetryStats stats) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds() + 1);
        while (stats.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The machine's 1, 5 and 15 minute load averages, as {@code /proc/loadavg} has them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return String.format(java.util.Locale.ROOT, "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The back end's token, for the host its calls go to. */
    private String ownerToken() {
        HubConnectionString owner = options.connectionString();
        return SasTokens.forPolicy(options.serviceTokenHost(), owner.keyName(), owner.key(), tokenExpiry);
    }

    private long plannedSeconds() {
        return provisionTimeout.toSeconds() + options.devices() / options.connectRate()
                + TelemetryBenchmark.CONNECT_TIMEOUT.toSeconds() + 5 + options.warmupSeconds()
                + options.durationSeconds() + options.timeoutSeconds() + 1 + DISCONNECT.toSeconds();
    }

    /** Ends the process should a phase overrun its bound: a benchmark must never hang. */
    private void startWatchdog() {
        Watchdog.start(options.benchmark() + " benchmark", plannedSeconds() + 60, log);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
