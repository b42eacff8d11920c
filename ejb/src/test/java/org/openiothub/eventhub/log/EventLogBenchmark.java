package org.openiothub.eventhub.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.EventHub.StoredEvent;

/**
 * The event log's throughput, outside any server: P producer threads, each with at most W appends waiting for their
 * fsync, append S-byte events of 1,000 devices to an N-partition log for D seconds after a warm-up, while one cursor
 * per partition follows the tail; then one cursor per partition reads the whole log back. Results go to
 * docs/BENCHMARKS.md ("Event Hub log"). Run with the ejb module's test classpath, see docs/BENCHMARKS.md.
 *
 * <p>Arguments (all optional): {@code --dir <path> --producers 64 --window 1 --partitions 4 --size 256
 * --duration 30 --warmup 5}.
 */
public final class EventLogBenchmark {

    private static final int BUCKET_MICROS = 10;
    private static final int BUCKETS = 200_000;

    private final AtomicLongArray latencies = new AtomicLongArray(BUCKETS);
    private final AtomicLong measuredAppends = new AtomicLong();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private EventLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(option(args, "--dir", "target/eventlog-benchmark"));
        int producers = Integer.parseInt(option(args, "--producers", "64"));
        int window = Integer.parseInt(option(args, "--window", "1"));
        int partitions = Integer.parseInt(option(args, "--partitions", "4"));
        int size = Integer.parseInt(option(args, "--size", "256"));
        int duration = Integer.parseInt(option(args, "--duration", "30"));
        int warmup = Integer.parseInt(option(args, "--warmup", "5"));
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
        new EventLogBenchmark().run(dir, producers, window, partitions, size, duration, warmup);
    }

    private void run(Path dir, int producers, int window, int partitions, int size, int duration, int warmup)
            throws Exception {
        System.out.printf("event log: %d producers x window %d, %d partitions, %d B events, %d s after %d s warm-up,"
                + " in %s%n", producers, window, partitions, size, duration, warmup, dir.toAbsolutePath());
        try (EventLog log = EventLog.open(dir, "bench", partitions, LogSettings.defaults())) {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                threads.add(start("producer-" + p, () -> produce(log, producer, producers, window, size)));
            }
            AtomicLong tailed = new AtomicLong();
            for (int p = 0; p < partitions; p++) {
                int partition = p;
                threads.add(start("tail-" + p, () -> tail(log, partition, tailed)));
            }
            Thread.sleep(warmup * 1000L);
            long forcesBefore = forces(log);
            long appendedBefore = appended(log);
            long tailedBefore = tailed.get();
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(duration * 1000L);
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            long appended = appended(log) - appendedBefore;
            long forces = forces(log) - forcesBefore;
            long read = tailed.get() - tailedBefore;
            stopping.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            System.out.printf("appends: %,.0f events/s durable (%,d in %.1f s), %,.0f fsyncs/s, %.1f events per fsync%n",
                    appended / seconds, appended, seconds, forces / seconds, (double) appended / forces);
            System.out.printf("append to durable: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%,d samples)%n",
                    percentile(0.50), percentile(0.99), percentile(0.999), percentile(1.0), measuredAppends.get());
            System.out.printf("tailing readers (one per partition, during the appends): %,.0f events/s%n",
                    read / seconds);
            System.out.printf("CPU: %.1f of the machine's cores, %.1f us per event (producers, writers and tailing"
                    + " readers together)%n", cpuSeconds / seconds, cpuSeconds * 1e6 / appended);
            readBack(log, partitions);
        }
    }

    private void produce(EventLog log, int producer, int producers, int window, int size) {
        Semaphore inFlight = new Semaphore(window);
        byte[] message = new byte[size];
        Arrays.fill(message, (byte) 'x');
        long n = 0;
        try {
            while (!stopping.get()) {
                inFlight.acquire();
                String device = "device-" + ((producer + producers * n++) % 1000);
                long sent = System.nanoTime();
                log.append(device, message, Instant.now()).whenComplete((done, failure) -> {
                    if (failure != null) {
                        failure.printStackTrace();
                    } else if (measuring.get()) {
                        long micros = (System.nanoTime() - sent) / 1000;
                        latencies.incrementAndGet((int) Math.min(BUCKETS - 1, micros / BUCKET_MICROS));
                        measuredAppends.incrementAndGet();
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tail(EventLog log, int partition, AtomicLong read) {
        try (PartitionCursor cursor = log.open(partition, new StartPosition.Latest())) {
            while (!stopping.get()) {
                List<StoredEvent> events = cursor.next(1000);
                if (events.isEmpty()) {
                    CountDownLatch more = new CountDownLatch(1);
                    cursor.whenAvailable(more::countDown);
                    more.await(100, TimeUnit.MILLISECONDS);
                }
                read.addAndGet(events.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readBack(EventLog log, int partitions) throws InterruptedException {
        AtomicLong events = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> readers = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            readers.add(start("read-" + p, () -> {
                try (PartitionCursor cursor = log.open(partition, new StartPosition.Earliest())) {
                    List<StoredEvent> page;
                    while (!(page = cursor.next(1000)).isEmpty()) {
                        events.addAndGet(page.size());
                        for (StoredEvent event : page) {
                            bytes.addAndGet(event.message().length);
                        }
                    }
                }
            }));
        }
        for (Thread reader : readers) {
            reader.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("read back (one cursor per partition, from the start): %,d events in %.2f s, %,.0f events/s,"
                + " %.0f MB/s of messages%n", events.get(), seconds, events.get() / seconds, bytes.get() / seconds / 1e6);
    }

    private double percentile(double fraction) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += latencies.get(i);
        }
        long rank = Math.max(1, (long) Math.ceil(total * fraction));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += latencies.get(i);
            if (seen >= rank) {
                return (i + 1) * BUCKET_MICROS / 1000.0;
            }
        }
        return Double.NaN;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long forces(EventLog log) {
        long sum = 0;
        for (int p = 0; p < log.partitionCount(); p++) {
            sum += log.partitionLog(p).forces();
        }
        return sum;
    }

    private static long appended(EventLog log) {
        long sum = 0;
        for (int p = 0; p < log.partitionCount(); p++) {
            sum += log.partitionLog(p).appended();
        }
        return sum;
    }

    private static Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
