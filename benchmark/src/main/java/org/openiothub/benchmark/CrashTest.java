package org.openiothub.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.openiothub.benchmark.DeviceProvisioner.ProvisioningException;
import org.openiothub.server.HubLauncher;
import org.openiothub.server.HubSettings;
import org.openiothub.server.HubSettings.Port;
import org.openiothub.server.LaunchException;
import org.openiothub.server.RunningHub;

/**
 * {@code crash}: starts a hub with the launcher, then per round puts a mixed load on it ({@link CrashLoad},
 * {@link CrashTestDevice}), kills the whole server with SIGKILL at a random instant of the load, starts it again on
 * the same data directory and checks that everything acknowledged before the kill is still there
 * ({@link AcknowledgementJournal#verify}). Bounded: a fixed number of rounds, each phase with its own time-out, and a
 * watchdog over the whole run.
 */
final class CrashTest {

    private static final String HOST = "127.0.0.1";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Start, load, kill, restart, reads and deliveries of one round at most, besides the delivery time-out. */
    private static final long ROUND_BOUND_SECONDS = 2 * 240 + 60 + 120;

    private final CrashTestOptions options;
    private final PrintStream out;
    private final PrintStream log;
    private final long tokenExpiry = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
    private final AtomicReference<RunningHub> hub = new AtomicReference<>();
    private final AtomicReference<AcknowledgementJournal> journal = new AtomicReference<>(new AcknowledgementJournal());
    private HubSettings settings;
    private PrintWriter console;

    CrashTest(CrashTestOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
    }

    /** @return 0 when nothing was lost, 4 when something was, 1 when the hub or the fleet could not be set up */
    int run() throws Exception {
        startWatchdog();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopHub, "crash-test-shutdown"));
        prepareDataDir();
        settings = HubSettings.from(Map.of("HUB_DATA_DIR", options.dataDir().toString(), "HUB_HOSTNAME", HOST));
        log.printf("crash test: %d rounds, %d devices, kill within %.1f s of load, seed %d%s; hub data %s%n",
                options.rounds(), options.devices(), options.loadMillis() / 1000.0, options.seed(),
                options.skipped().isEmpty() ? "" : ", without " + options.skipped().stream()
                        .map(kind -> kind.optionName).sorted().toList(), options.dataDir());
        Clients clients;
        List<CrashTestDevice> fleet;
        try {
            double started = startHub();
            log.printf("hub started in %.1f s%n", started);
            fleet = provisionFleet();
            clients = Clients.connect(hub.get(), settings, fleet, journal::get, tokenExpiry);
        } catch (LaunchException | ProvisioningException e) {
            log.println("setup failed: " + e.getMessage());
            stopHub();
            return 1;
        }
        Random random = new Random(options.seed());
        List<RoundResult> results = new ArrayList<>();
        CrashTestReport report = new CrashTestReport(out);
        String aborted = null;
        for (int round = 1; round <= options.rounds() && aborted == null; round++) {
            AcknowledgementJournal roundJournal = new AcknowledgementJournal();
            journal.set(roundJournal);
            fleet.forEach(device -> device.recordInto(roundJournal));
            Set<OperationKind> kinds = EnumSet.allOf(OperationKind.class);
            kinds.removeAll(options.skipped());
            CrashLoad load = new CrashLoad(clients.api(), roundJournal, fleet, round, kinds);
            long killAfter = 500 + (long) (random.nextDouble() * (options.loadMillis() - 500));
            long loadStarted = System.nanoTime();
            load.start();
            fleet.forEach(device -> device.startLoad(kinds));
            TimeUnit.NANOSECONDS.sleep(loadStarted + TimeUnit.MILLISECONDS.toNanos(killAfter) - System.nanoTime());
            long killedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStarted);
            // The server is the only thing this process starts: its descendants are the server's processes.
            List<Long> killed = ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
            hub.get().kill();
            console.println("=== killed " + killed + " in round " + round);
            fleet.forEach(CrashTestDevice::stopLoad);
            load.stop(REQUEST_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
            clients.close();

            double restart;
            try {
                restart = startHub();
            } catch (LaunchException e) {
                aborted = "round " + round + ": the hub did not start again after the kill: " + e.getMessage();
                out.println(aborted);
                break;
            }
            clients = Clients.connect(hub.get(), settings, fleet, journal::get, tokenExpiry);
            HubStateReader reader = new HubStateReader(clients.api(), clients.tls(), HOST, settings.port(Port.MQTT),
                    HOST, tokenExpiry);
            StateAfterRestart state = reader.read(roundJournal, Duration.ofSeconds(options.deliverySeconds()));
            RoundResult result = new RoundResult(round, killedAfter, killed, restart, clients.connectSeconds(),
                    clients.connected(), fleet.size(), roundJournal.verify(state), roundJournal.refusals());
            results.add(result);
            report.round(result, options.rounds());
        }
        if (aborted == null) {
            clients.close();
        }
        stopHub();
        report.total(results, options.seed(), aborted);
        return aborted == null && results.stream().allMatch(RoundResult::passed) ? 0 : 4;
    }

    /** @return seconds until every endpoint accepted connections */
    private double startHub() {
        console.println("=== starting the hub at " + Instant.now());
        long started = System.nanoTime();
        hub.set(HubLauncher.start(settings, options.wildflyHome(), console::println));
        return (System.nanoTime() - started) / 1e9;
    }

    private List<CrashTestDevice> provisionFleet() throws Exception {
        RunningHub running = hub.get();
        HubConnectionString owner = HubConnectionString.parse(running.ownerConnectionString());
        TrustedCa ca = TrustedCa.fromPem(running.caCertificate());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < options.devices(); i++) {
            ids.add(options.fleetDeviceId(i));
        }
        List<DeviceCredentials> credentials = new DeviceProvisioner(ca.jdkContext(), HOST, settings.port(Port.HTTPS),
                SasTokens.forPolicy(owner.hostName(), owner.keyName(), owner.key(), tokenExpiry))
                .provision(ids, Duration.ofSeconds(60));
        return credentials.stream().map(CrashTestDevice::new).toList();
    }

    private void stopHub() {
        RunningHub running = hub.getAndSet(null);
        if (running != null) {
            running.close();
        }
    }

    /** Empties the data directory: every run starts from a fresh hub. */
    private void prepareDataDir() throws IOException {
        Path dir = options.dataDir();
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Files.createDirectories(dir);
        console = new PrintWriter(Files.newBufferedWriter(dir.resolve("console.log")), true);
    }

    /** Kills the hub and ends the process should the run overrun its bound: a crash test must never hang. */
    private void startWatchdog() {
        long limitSeconds = options.rounds() * (ROUND_BOUND_SECONDS + options.deliverySeconds()) + 300;
        Watchdog.start("crash test", limitSeconds, log, () -> {
            RunningHub running = hub.get();
            if (running != null) {
                running.kill();
            }
        });
    }
}
