package org.openiothub.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;

import org.openiothub.benchmark.DeviceProvisioner.ProvisioningException;

/**
 * The {@code soak} benchmark: a bounded run of steady, moderate mixed load against one hub, looking for what grows
 * or gets lost over time rather than for a rate. Devices publish numbered QoS 1 telemetry and reported-property
 * patches; the back end patches desired properties, calls direct methods and sends C2D messages (the loads of the
 * single-purpose benchmarks, run side by side); a share of the devices disconnects and reconnects every few
 * seconds, every other one closing its socket without DISCONNECT. An AMQP receiver reads every telemetry message.
 * <p>
 * Every {@code --sample} seconds the hub's JVM is sampled ({@link ServerProbe}). At the end, after a settle period:
 * every acknowledged telemetry message must have been received and every accepted C2D message delivered, and heap
 * after GC, threads and open files must be flat after the warm-up ({@link SoakVerdict}). Exit status 4 otherwise.
 */
final class SoakBenchmark {

    /** Exit status when something acknowledged was lost or a resource grew beyond its tolerance. */
    static final int FAILED_CHECK = 4;

    private static final Duration CONNECT_TIMEOUT = TelemetryBenchmark.CONNECT_TIMEOUT;
    private static final Duration DISCONNECT = Duration.ofSeconds(10);
    private static final int TELEMETRY_WINDOW = 4;
    private static final int REQUEST_TIMEOUT_SECONDS = 30;
    private static final int HTTP_CONNECTIONS = 16;
    private static final int CONNECT_RATE = 100;
    private static final int RECONNECT_ATTEMPTS = 10;
    private static final int GROWN_CLASSES = 12;
    private static final long RETRY_MILLIS = 2_000;
    /** The bound on one sample of the server, which runs a full GC there. */
    private static final long SAMPLE_BOUND_SECONDS = 130;

    private final SoakOptions options;
    private final PrintStream out;
    private final PrintStream log;
    private final Duration provisionTimeout;
    private final long tokenExpiry;
    private final List<ServerSample> samples = new CopyOnWriteArrayList<>();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder abruptCloses = new LongAdder();
    private final LongAdder reconnectFailures = new LongAdder();
    private final AtomicLong churnCursor = new AtomicLong();
    private volatile boolean churning = true;
    /** Reconnections scheduled or under way. */
    private final LongAdder pendingReconnects = new LongAdder();
    private volatile long loadStartedAt;
    private volatile ClassHistogram histogramAfterWarmup;

    SoakBenchmark(SoakOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
        this.provisionTimeout = Duration.ofSeconds(60 + options.devices() / 10);
        this.tokenExpiry = Instant.now().getEpochSecond() + TimeUnit.HOURS.toSeconds(2) + plannedSeconds();
    }

    /** One device across its connections: the current connection and the reported-patch state that goes with it. */
    private static final class SoakDevice {

        final DeviceCredentials credentials;
        final boolean churns;
        volatile Connection connection;

        SoakDevice(DeviceCredentials credentials, boolean churns) {
            this.credentials = credentials;
            this.churns = churns;
        }
    }

    private record Connection(MqttDeviceClient client, DeviceInbox patcher) {
    }

    /** @return 0 when nothing was lost and the server stayed flat, {@value #FAILED_CHECK} otherwise, 1 on setup failure */
    int run() throws Exception {
        startWatchdog();
        log.printf("soak: %d devices -> %s (mqtt %d, https %d, amqp %d), %d min, warm-up %d s, sample every %d s, "
                        + "server pid %s%n", options.devices(), options.host(), options.mqttPort(),
                options.httpsPort(), options.amqpPort(), options.minutes(), options.warmupSeconds(),
                options.sampleSeconds(), options.serverPid() == 0 ? "none" : options.serverPid());
        TrustedCa ca = TrustedCa.fromPem(options.ca());
        List<DeviceCredentials> credentials;
        DeviceProvisioner provisioner = new DeviceProvisioner(ca.jdkContext(), options.host(), options.httpsPort(),
                ownerToken());
        try {
            List<String> ids = new ArrayList<>(options.devices());
            for (int i = 0; i < options.devices(); i++) {
                ids.add(options.deviceId(i));
            }
            credentials = provisioner.provision(ids, provisionTimeout);
        } catch (ProvisioningException e) {
            log.println("provisioning failed: " + e.getMessage());
            return 1;
        }
        ServerProbe probe = options.serverPid() == 0 ? null : new ServerProbe(options.serverPid());

        TelemetryStats deviceStats = new TelemetryStats();
        TelemetryStats methodStats = new TelemetryStats();
        TelemetryStats desiredStats = new TelemetryStats();
        TelemetryStats c2dStats = new TelemetryStats();
        TelemetryStats reportedStats = new TelemetryStats();
        TelemetryLedger ledger = new TelemetryLedger();
        HubConnectionString owner = options.connectionString();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "soak-timer");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "soak-reconnect");
            thread.setDaemon(true);
            return thread;
        });
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(1, ca.nettyClientContext(), options.host(),
                options.mqttPort());
             NettyHttpConnectionPool http = new NettyHttpConnectionPool(fleet.bootstrap(), ca.nettyClientContext(),
                     options.host(), options.httpsPort(), ServiceApiClient.commonHeaders(ownerToken()),
                     HTTP_CONNECTIONS, Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS));
             EventsDrain drain = EventsDrain.start(options.host(), options.amqpPort(), owner.keyName(), ownerToken(),
                     false, EventsDrain.DEFAULT_CREDIT, ledger::received)) {
            ServiceApiClient api = new ServiceApiClient(http);
            DirectMethodLoad methods = new DirectMethodLoad(
                    options.serviceLoad("methods", options.methodRate(), HTTP_CONNECTIONS, REQUEST_TIMEOUT_SECONDS),
                    api, methodStats);
            DesiredPropertiesLoad desired = new DesiredPropertiesLoad(
                    options.serviceLoad("twin-desired", options.desiredRate(), HTTP_CONNECTIONS,
                            REQUEST_TIMEOUT_SECONDS), api, desiredStats);
            CloudToDeviceLoad c2d = new CloudToDeviceLoad(
                    options.serviceLoad("c2d", options.c2dRate(), HTTP_CONNECTIONS, REQUEST_TIMEOUT_SECONDS),
                    api, c2dStats, null);
            ReportedPropertiesLoad reported = new ReportedPropertiesLoad(
                    options.serviceLoad("twin-reported", options.reportedRate(), HTTP_CONNECTIONS,
                            REQUEST_TIMEOUT_SECONDS), reportedStats, false);
            List<HubWorkload> loads = List.of(methods, desired, c2d, reported);
            Connections connections = new Connections(loads, reported, deviceStats, ledger);

            List<SoakDevice> devices = new ArrayList<>(credentials.size());
            for (int i = 0; i < credentials.size(); i++) {
                SoakDevice device = new SoakDevice(credentials.get(i), i < options.churnDevices());
                device.connection = connections.open(device);
                devices.add(device);
            }
            long connectStarted = System.nanoTime();
            fleet.connectAll(devices.stream().map(d -> d.connection.client()).toList(), CONNECT_RATE,
                    CONNECT_TIMEOUT);
            long connected = devices.stream().filter(d -> d.connection.client().isConnected()).count();
            log.printf("connected and subscribed %d of %d devices in %.1f s%s%n", connected, devices.size(),
                    (System.nanoTime() - connectStarted) / 1e9,
                    connected < devices.size() ? " (" + deviceStats.topErrors(3) + ")" : "");
            if (connected < devices.size()) {
                fleet.disconnectAll(DISCONNECT);
                return 1;
            }

            List<MqttDeviceClient> all = devices.stream().map(d -> d.connection.client()).toList();
            List<MqttDeviceClient> steady = devices.stream().filter(d -> !d.churns)
                    .map(d -> d.connection.client()).toList();
            methods.start(steady);
            desired.start(steady);
            c2d.start(all);
            reported.start(all);

            loadStartedAt = System.nanoTime();
            Duration duration = Duration.ofSeconds(options.durationSeconds());
            List<Thread> pacers = new ArrayList<>();
            pacers.add(pacer("methods", () -> methods.run(duration)));
            pacers.add(pacer("desired", () -> desired.run(duration)));
            pacers.add(pacer("c2d", () -> c2d.run(duration)));
            OpenLoopPacer telemetryPacer = new OpenLoopPacer(options.telemetryRate());
            pacers.add(pacer("telemetry", () -> telemetryPacer.run(duration,
                    seq -> devices.get((int) (seq % devices.size())).connection.client().publishOne())));
            OpenLoopPacer reportedPacer = new OpenLoopPacer(options.reportedRate());
            pacers.add(pacer("reported", () -> reportedPacer.run(duration, seq -> {
                Connection connection = devices.get((int) (seq % devices.size())).connection;
                connection.client().execute(() -> reported.patchOne(connection.client(), connection.patcher()));
            })));
            List<SoakDevice> churnPool = devices.subList(0, options.churnDevices());
            if (options.churnPerRound() > 0) {
                timers.scheduleWithFixedDelay(() -> churn(churnPool, connections, fleet, reconnector),
                        options.churnEvery(), options.churnEvery(), TimeUnit.SECONDS);
            }
            if (probe != null) {
                timers.scheduleAtFixedRate(() -> sample(probe, ledger, deviceStats), 0, options.sampleSeconds(),
                        TimeUnit.SECONDS);
            } else {
                timers.scheduleAtFixedRate(() -> progress(null, ledger, deviceStats), options.sampleSeconds(),
                        options.sampleSeconds(), TimeUnit.SECONDS);
            }
            for (Thread pacer : pacers) {
                pacer.join();
            }

            // Settle: no new work; reconnections finish, then telemetry and C2D in flight arrive.
            loads.forEach(HubWorkload::stop);
            churning = false;
            timers.shutdownNow();
            timers.awaitTermination(2 * SAMPLE_BOUND_SECONDS, TimeUnit.SECONDS);
            long settleStarted = System.nanoTime();
            long reconnectDeadline = settleStarted
                    + RECONNECT_ATTEMPTS * (CONNECT_TIMEOUT.toNanos() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS));
            while (pendingReconnects.sum() > 0 && System.nanoTime() < reconnectDeadline) {
                Thread.sleep(100);
            }
            long offline = devices.stream().filter(d -> !d.connection.client().isConnected()).count();
            log.println("[settle] load stopped; waiting up to " + options.settleSeconds()
                    + " s for telemetry and C2D in flight");
            long settleDeadline = settleStarted + TimeUnit.SECONDS.toNanos(options.settleSeconds());
            while (System.nanoTime() < settleDeadline
                    && offline == 0 && (ledger.totals().missing() > 0 || c2d.undelivered() > 0 || methodStats.inFlight() > 0
                    || desiredStats.inFlight() > 0)) {
                Thread.sleep(200);
            }
            double settled = (System.nanoTime() - settleStarted) / 1e9;
            List<ClassHistogram.Growth> grownClasses = List.of();
            if (probe != null) {
                sample(probe, ledger, deviceStats);
                ClassHistogram last = histogramAfterWarmup == null ? null : probe.classHistogram();
                if (last != null) {
                    grownClasses = last.grownSince(histogramAfterWarmup, GROWN_CLASSES);
                }
            }
            TelemetryLedger.Totals telemetry = ledger.totals();
            Map<String, Long> missingByDevice = ledger.missingByDevice();
            long undeliveredC2d = c2d.undelivered();
            String drainFailure = drain.failure();

            List<ChannelFuture> closing = new ArrayList<>();
            for (SoakDevice device : devices) {
                ChannelFuture closed = device.connection.client().disconnect();
                if (closed != null) {
                    closing.add(closed);
                }
            }
            reconnector.shutdownNow();
            for (ChannelFuture closed : closing) {
                closed.await(DISCONNECT.toMillis(), TimeUnit.MILLISECONDS);
            }

            List<SoakVerdict.Growth> growths = SoakVerdict.compare(samples, options.warmupSeconds(),
                    SoakVerdict.DEFAULT_TOLERANCES);
            List<String> failures = new ArrayList<>();
            if (telemetry.missing() > 0) {
                failures.add(telemetry.missing() + " acknowledged telemetry messages never received (devices "
                        + abbreviate(missingByDevice) + ")");
            }
            if (offline > 0) {
                failures.add(offline + " devices could not reconnect (" + deviceStats.topErrors(2) + ")");
            }
            if (undeliveredC2d > 0) {
                failures.add(undeliveredC2d + " accepted C2D messages never delivered");
            }
            if (drainFailure != null) {
                failures.add("events receiver failed: " + drainFailure);
            }
            if (probe != null && !SoakVerdict.flat(growths)) {
                failures.add(growths.isEmpty() ? "too few samples after the warm-up to judge the server"
                        : "growing: " + String.join(", ", growths.stream()
                        .filter(g -> g.tolerance().judged() && !g.flat())
                        .map(g -> g.tolerance().resource().label()).toList()));
            }

            printResult(telemetry, deviceStats, reportedStats, desiredStats, desired, methodStats, methods,
                    c2dStats, c2d, settled, growths, grownClasses, failures);
            return failures.isEmpty() ? 0 : FAILED_CHECK;
        } finally {
            timers.shutdownNow();
            reconnector.shutdownNow();
        }
    }

    /** Opens a device's connections with the inbox and subscriptions that all the loads need. */
    private final class Connections {

        private final List<HubWorkload> loads;
        private final ReportedPropertiesLoad reported;
        private final TelemetryStats deviceStats;
        private final TelemetryLedger ledger;

        Connections(List<HubWorkload> loads, ReportedPropertiesLoad reported, TelemetryStats deviceStats,
                TelemetryLedger ledger) {
            this.loads = loads;
            this.reported = reported;
            this.deviceStats = deviceStats;
            this.ledger = ledger;
        }

        Connection open(SoakDevice device) {
            String id = device.credentials.deviceId();
            String hubHost = options.connectionString().hostName();
            List<String> filters = new ArrayList<>();
            List<Route> routes = new ArrayList<>();
            DeviceInbox patcher = null;
            for (HubWorkload load : loads) {
                DeviceInbox inbox = load.inbox(id);
                if (load == reported) {
                    patcher = inbox;
                }
                for (String filter : load.subscriptions(id)) {
                    if (!filters.contains(filter)) {
                        filters.add(filter);
                    }
                    routes.add(new Route(filter.substring(0, filter.length() - 1), inbox));
                }
            }
            List<Route> table = List.copyOf(routes);
            // The twin response topic is subscribed by the desired load too; its answers belong to the patcher.
            DeviceInbox reportedInbox = patcher;
            DeviceInbox inbox = (client, topic, payload) -> dispatch(table, reportedInbox, client, topic, payload);
            MqttDeviceClient client = new MqttDeviceClient(hubHost, id,
                    SasTokens.forDevice(hubHost, id, device.credentials.primaryKey(), tokenExpiry), TELEMETRY_WINDOW,
                    BenchmarkOptions.MIN_PAYLOAD_BYTES, deviceStats)
                    .receiveOn(filters, inbox)
                    .sequenced(ledger.sequence(id));
            return new Connection(client, patcher);
        }

        private void dispatch(List<Route> table, DeviceInbox reportedInbox, MqttDeviceClient client, String topic,
                ByteBuf payload) {
            if (topic.startsWith("$iothub/twin/res/")) {
                reportedInbox.received(client, topic, payload);
                return;
            }
            for (Route route : table) {
                if (topic.startsWith(route.prefix())) {
                    route.inbox().received(client, topic, payload);
                    return;
                }
            }
            deviceStats.error("device: unexpected publish on " + topic.split("\\?")[0]);
        }
    }

    /** A topic filter's prefix (the filter without its {@code #}) and the load that handles it. */
    private record Route(String prefix, DeviceInbox inbox) {
    }

    /** Closes the next devices of the pool, every other one abruptly, and reconnects each 1-3 s later. */
    private void churn(List<SoakDevice> pool, Connections connections, MqttDeviceFleet fleet,
            ScheduledExecutorService reconnector) {
        try {
            for (int i = 0; i < options.churnPerRound() && churning; i++) {
                long turn = churnCursor.getAndIncrement();
                SoakDevice device = pool.get((int) (turn % pool.size()));
                MqttDeviceClient client = device.connection.client();
                if (!client.isConnected()) {
                    continue;
                }
                if (turn % 2 == 1) {
                    client.abort();
                    abruptCloses.increment();
                } else {
                    client.disconnect();
                }
                long delay = 1_000 + ThreadLocalRandom.current().nextLong(2_000);
                pendingReconnects.increment();
                reconnector.schedule(() -> {
                    pendingReconnects.decrement();
                    reconnect(device, connections, fleet, reconnector, 1);
                }, delay, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            log.println("churn failed: " + e);
        }
    }

    /**
     * Opens a new connection for {@code device}; a failed attempt is tried again {@value #RETRY_MILLIS} ms later, as
     * a device would, at most {@value #RECONNECT_ATTEMPTS} times.
     */
    private void reconnect(SoakDevice device, Connections connections, MqttDeviceFleet fleet,
            ScheduledExecutorService reconnector, int attempt) {
        Connection next = connections.open(device);
        device.connection = next;
        pendingReconnects.increment();
        fleet.connect(next.client(), CONNECT_TIMEOUT).whenComplete((ok, failure) -> {
            if (failure == null) {
                reconnects.increment();
            } else {
                reconnectFailures.increment();
                if (attempt < RECONNECT_ATTEMPTS) {
                    pendingReconnects.increment();
                    reconnector.schedule(() -> {
                        pendingReconnects.decrement();
                        reconnect(device, connections, fleet, reconnector, attempt + 1);
                    }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            pendingReconnects.decrement();
        });
    }

    private void sample(ServerProbe probe, TelemetryLedger ledger, TelemetryStats deviceStats) {
        try {
            ServerSample sample = probe.sample(elapsedSeconds());
            samples.add(sample);
            progress(sample, ledger, deviceStats);
            if (histogramAfterWarmup == null && sample.atSeconds() >= options.warmupSeconds()) {
                histogramAfterWarmup = probe.classHistogram();
            }
        } catch (RuntimeException e) {
            log.println("sampling failed: " + e);
        }
    }

    private void progress(ServerSample sample, TelemetryLedger ledger, TelemetryStats deviceStats) {
        TelemetryLedger.Totals totals = ledger.totals();
        String server = sample == null ? "" : String.format(Locale.ROOT,
                "heap after GC %s | threads %d | open files %d | RSS %s | ",
                ServerSample.Resource.HEAP.format(sample.heapAfterGcBytes()), sample.threads(), sample.openFiles(),
                ServerSample.Resource.RSS.format(sample.rssBytes()));
        log.printf(Locale.ROOT, "[soak %5d s] %stelemetry acked %d received %d | connected %d, reconnects %d | "
                        + "errors %d | load average %s%n", sample == null ? elapsedSeconds() : sample.atSeconds(), server,
                totals.acked(), totals.received(), deviceStats.connected.sum(), reconnects.sum(),
                deviceStats.errorCount(), loadAverage());
    }

    private void printResult(TelemetryLedger.Totals telemetry, TelemetryStats deviceStats,
            TelemetryStats reportedStats, TelemetryStats desiredStats, DesiredPropertiesLoad desired,
            TelemetryStats methodStats, DirectMethodLoad methods, TelemetryStats c2dStats, CloudToDeviceLoad c2d,
            double settled, List<SoakVerdict.Growth> growths, List<ClassHistogram.Growth> grownClasses,
            List<String> failures) {
        out.println();
        out.printf(Locale.ROOT, "soak: %d min, %d devices (%d churning: %d every %d s, every other one without "
                        + "DISCONNECT), loopback%n", options.minutes(), options.devices(), options.churnDevices(),
                options.churnPerRound(), options.churnEvery());
        out.printf(Locale.ROOT, "  load         telemetry %d msg/s QoS 1, reported patches %d/s, desired patches %d/s, "
                        + "method calls %d/s, C2D %d/s%n", options.telemetryRate(), options.reportedRate(),
                options.desiredRate(), options.methodRate(), options.c2dRate());
        out.printf(Locale.ROOT, "  telemetry    acknowledged %d, received %d, missing %d; received twice %d, received "
                        + "without an acknowledgement %d, unattributed %d (settled in %.1f s)%n", telemetry.acked(),
                telemetry.received(), telemetry.missing(), telemetry.duplicates(), telemetry.unacknowledged(),
                telemetry.unattributed(), settled);
        out.printf(Locale.ROOT, "  reported     sent %d, answered 204 %d, refused %d, unanswered when the connection "
                        + "closed %d%n", reportedStats.sent.sum(), reportedStats.acked.sum(), reportedStats.lost.sum(),
                reportedStats.inFlight());
        out.printf(Locale.ROOT, "  desired      sent %d, failed %d, notified %d, answered 200 and not notified %d "
                        + "(steady devices only)%n", desiredStats.sent.sum(), desiredStats.lost.sum(),
                desiredStats.acked.sum(), desired.unnotified());
        out.printf(Locale.ROOT, "  methods      called %d, answered 200 %d, failed %d; devices answered %d "
                        + "(steady devices only)%n", methodStats.sent.sum(), methodStats.acked.sum(),
                methodStats.lost.sum(), methods.answered());
        out.printf(Locale.ROOT, "  c2d          sent %d, accepted and delivered %d, failed %d, accepted and never "
                        + "delivered %d, receptions %d%n", c2dStats.sent.sum(), c2dStats.acked.sum(),
                c2dStats.lost.sum(), c2d.undelivered(), c2d.received());
        out.printf(Locale.ROOT, "  connections  reconnects %d (%d abrupt closes), failed reconnect attempts %d (tried again "
                        + "%d ms later), closed by the hub %d%n", reconnects.sum(), abruptCloses.sum(),
                reconnectFailures.sum(), RETRY_MILLIS,
                deviceStats.disconnects.sum());
        String errors = String.join("; ", List.of(deviceStats.topErrors(3), reportedStats.topErrors(2),
                desiredStats.topErrors(2), methodStats.topErrors(2), c2dStats.topErrors(2)).stream()
                .filter(s -> !s.isEmpty()).toList());
        out.println("  errors       " + (errors.isEmpty() ? "none" : errors));
        if (!samples.isEmpty()) {
            out.println("  server       time s   heap after GC   threads   open files        RSS");
            for (ServerSample sample : samples) {
                out.printf(Locale.ROOT, "               %6d %15s %9d %12d %10s%n", sample.atSeconds(),
                        ServerSample.Resource.HEAP.format(sample.heapAfterGcBytes()), sample.threads(),
                        sample.openFiles(), ServerSample.Resource.RSS.format(sample.rssBytes()));
            }
            out.printf("  verdict      after the %d s warm-up, median of the first %d samples -> median of the "
                    + "last %d:%n", options.warmupSeconds(), SoakVerdict.ENDS, SoakVerdict.ENDS);
            for (SoakVerdict.Growth growth : growths) {
                out.println("               " + growth.describe());
            }
        }
        if (!grownClasses.isEmpty()) {
            out.println("  classes      live objects gained from the end of the warm-up to the end (GC.class_histogram):");
            for (ClassHistogram.Growth growth : grownClasses) {
                out.println("               " + growth.describe());
            }
        }
        out.println("  result       " + (failures.isEmpty() ? "PASS: nothing acknowledged lost"
                + (samples.isEmpty() ? " (server not sampled)" : "; " + SoakVerdict.judgedResources(
                SoakVerdict.DEFAULT_TOLERANCES) + " flat") : "FAIL: " + String.join("; ", failures)));
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                "{\"benchmark\":\"soak\",\"minutes\":%d,\"devices\":%d,\"telemetryAcked\":%d,\"telemetryReceived\":%d,"
                        + "\"telemetryMissing\":%d,\"reportedAnswered\":%d,\"desiredSent\":%d,\"methodsAnswered\":%d,"
                        + "\"c2dDelivered\":%d,\"c2dUndelivered\":%d,\"reconnects\":%d,\"loadAverage\":\"%s\"",
                options.minutes(), options.devices(), telemetry.acked(), telemetry.received(), telemetry.missing(),
                reportedStats.acked.sum(), desiredStats.sent.sum(), methodStats.acked.sum(), c2dStats.acked.sum(),
                c2d.undelivered(), reconnects.sum(), loadAverage()));
        for (SoakVerdict.Growth growth : growths) {
            String key = switch (growth.tolerance().resource()) {
                case HEAP -> "heapAfterGc";
                case THREADS -> "threads";
                case OPEN_FILES -> "openFiles";
                case RSS -> "rss";
            };
            json.append(String.format(Locale.ROOT, ",\"%sFirst\":%d,\"%sLast\":%d", key, growth.first(), key,
                    growth.last()));
        }
        json.append(",\"pass\":").append(failures.isEmpty()).append('}');
        out.println(json);
    }

    private static String abbreviate(Map<String, Long> missingByDevice) {
        List<String> shown = missingByDevice.entrySet().stream().limit(5)
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        return String.join(", ", shown) + (missingByDevice.size() > 5 ? ", ..." : "");
    }

    private Thread pacer(String name, Interruptible body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.println(name + " load failed: " + e);
            }
        }, "soak-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @FunctionalInterface
    private interface Interruptible {
        void run() throws InterruptedException;
    }

    private long elapsedSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - loadStartedAt);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private String ownerToken() {
        HubConnectionString owner = options.connectionString();
        return SasTokens.forPolicy(owner.hostName(), owner.keyName(), owner.key(), tokenExpiry);
    }

    private long plannedSeconds() {
        return provisionTimeout.toSeconds() + options.devices() / CONNECT_RATE + CONNECT_TIMEOUT.toSeconds() + 5
                + options.durationSeconds() + 4 * SAMPLE_BOUND_SECONDS + CONNECT_TIMEOUT.toSeconds()
                + RECONNECT_ATTEMPTS * (CONNECT_TIMEOUT.toSeconds() + RETRY_MILLIS / 1000)
                + options.settleSeconds() + SAMPLE_BOUND_SECONDS + DISCONNECT.toSeconds();
    }

    /** Ends the process should a phase overrun its bound: a soak must never hang. */
    private void startWatchdog() {
        Watchdog.start("soak", plannedSeconds() + 60, log);
    }
}
