package org.openiothub.eventhub.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that writes a partition: group commit. Appends queue up while it forces the previous batch; it then
 * takes every waiting record, numbers them in queue order, writes them with one write and one
 * {@link FileChannel#force(boolean) force}, makes them visible to readers, and completes their appends in order. The
 * more producers wait, the more records share an fsync, so throughput grows with load while an idle partition still
 * answers in one fsync.
 *
 * <p>Only this thread changes the segment list (rolling and retention), so neither needs a lock; readers take the
 * list as it is published.
 */
final class PartitionWriter {

    private final int partition;
    private final Path directory;
    private final LogSettings settings;
    private final Runnable onDurable;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private List<Pending> queue = new ArrayList<>();
    private final List<CompletableFuture<Integer>> retentionRequests = new ArrayList<>();
    private boolean closing;
    private IOException failure;

    private final Thread thread;
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private volatile List<Segment> segments;

    // The writer thread's own.
    private Segment active;
    private long activeSize;
    private long nextSequenceNumber;
    private long lastTimeMillis;
    private final ByteBuffer batch;
    private long nextRetentionCheck;

    PartitionWriter(int partition, Path directory, LogSettings settings, List<Segment> recovered,
            long nextSequenceNumber, long lastTimeMillis, Runnable onDurable) {
        this.partition = partition;
        this.directory = directory;
        this.settings = settings;
        this.onDurable = onDurable;
        this.segments = List.copyOf(recovered);
        this.active = recovered.get(recovered.size() - 1);
        this.activeSize = active.durableSize();
        this.nextSequenceNumber = nextSequenceNumber;
        this.lastTimeMillis = lastTimeMillis;
        this.batch = ByteBuffer.allocateDirect(settings.maxBatchBytes());
        this.nextRetentionCheck = System.nanoTime();
        this.thread = new Thread(this::run, "event-log-writer-" + partition);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Oldest first; the last is the one being appended to. Never empty. */
    List<Segment> segments() {
        return segments;
    }

    long forces() {
        return forces.get();
    }

    long appended() {
        return appended.get();
    }

    CompletableFuture<AppendedEvent> append(byte[] message, long enqueuedTimeMillis) {
        Pending pending = new Pending(message, enqueuedTimeMillis);
        lock.lock();
        try {
            if (closing) {
                return CompletableFuture.failedFuture(new IllegalStateException("event log partition closed"));
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            queue.add(pending);
            if (queue.size() == 1) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        return pending.done;
    }

    CompletableFuture<Integer> deleteExpiredSegments() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closing) {
                return CompletableFuture.failedFuture(new IllegalStateException("event log partition closed"));
            }
            retentionRequests.add(done);
            work.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Writes what is queued, then stops the thread. */
    void close() throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        thread.join();
    }

    private void run() {
        while (true) {
            List<Pending> taken;
            List<CompletableFuture<Integer>> retention;
            boolean exit;
            lock.lock();
            try {
                long untilRetentionCheck = nextRetentionCheck - System.nanoTime();
                while (queue.isEmpty() && retentionRequests.isEmpty() && !closing && untilRetentionCheck > 0) {
                    untilRetentionCheck = work.awaitNanos(untilRetentionCheck);
                }
                taken = queue;
                queue = new ArrayList<>();
                retention = new ArrayList<>(retentionRequests);
                retentionRequests.clear();
                exit = closing;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (!taken.isEmpty()) {
                write(taken);
            }
            if (!retention.isEmpty() || System.nanoTime() - nextRetentionCheck >= 0) {
                nextRetentionCheck = System.nanoTime() + settings.retentionCheck().toNanos();
                expire(retention);
            }
            if (exit) {
                return;
            }
        }
    }

    private void write(List<Pending> taken) {
        int next = 0;
        try {
            while (next < taken.size()) {
                int from = next;
                next = encodeBatch(taken, from);
                batch.flip();
                int bytes = batch.remaining();
                active.write(batch, activeSize);
                active.force();
                forces.incrementAndGet();
                for (int i = from; i < next; i++) {
                    Pending pending = taken.get(i);
                    active.recordDurable(pending.position, pending.sequenceNumber, pending.timeMillis);
                }
                activeSize += bytes;
                active.durableUpTo(activeSize);
                appended.addAndGet(next - from);
                for (int i = from; i < next; i++) {
                    taken.get(i).completed(partition, active.baseOffset());
                }
            }
        } catch (IOException | RuntimeException e) {
            failed(taken.subList(next, taken.size()), e);
        }
        onDurable.run();
    }

    /** Encodes records from {@code from} into the batch, rolling the segment first where needed; returns the end. */
    private int encodeBatch(List<Pending> taken, int from) throws IOException {
        batch.clear();
        int i = from;
        while (i < taken.size()) {
            Pending pending = taken.get(i);
            int size = LogRecord.size(pending.message.length);
            if (batch.position() + size > batch.capacity()) {
                break;
            }
            long segmentSize = activeSize + batch.position();
            if (segmentSize > 0 && segmentSize + size > settings.segmentBytes()) {
                if (batch.position() > 0) {
                    break;
                }
                roll();
            }
            pending.sequenceNumber = nextSequenceNumber++;
            pending.timeMillis = Math.max(pending.timeMillis, lastTimeMillis);
            lastTimeMillis = pending.timeMillis;
            pending.position = activeSize + batch.position();
            LogRecord.encode(batch, pending.sequenceNumber, pending.timeMillis, pending.message);
            i++;
        }
        return i;
    }

    /** The active segment is durable whole; the next begins where it ends, and exists on disk before use. */
    private void roll() throws IOException {
        Segment next = Segment.create(directory, active.baseOffset() + activeSize, settings);
        forceDirectory(directory);
        List<Segment> rolled = new ArrayList<>(segments);
        rolled.add(next);
        segments = List.copyOf(rolled);
        active = next;
        activeSize = 0;
    }

    private void failed(List<Pending> notWritten, Exception cause) {
        IOException reported = cause instanceof IOException io ? io : new IOException(cause);
        EventLogLogger.LOG.writeFailed(partition, String.valueOf(cause));
        // After a failed fsync the kernel may have dropped the dirty pages: nothing later can be trusted either.
        lock.lock();
        try {
            failure = reported;
        } finally {
            lock.unlock();
        }
        for (Pending pending : notWritten) {
            pending.done.completeExceptionally(reported);
        }
    }

    private void expire(List<CompletableFuture<Integer>> requests) {
        long cutoff = settings.clock().millis() - settings.retention().toMillis();
        List<Segment> current = segments;
        int expired = 0;
        while (expired < current.size() - 1 && current.get(expired).lastEnqueuedTimeMillis() < cutoff) {
            expired++;
        }
        try {
            if (expired > 0) {
                segments = List.copyOf(current.subList(expired, current.size()));
                for (Segment segment : current.subList(0, expired)) {
                    segment.delete();
                }
                forceDirectory(directory);
                EventLogLogger.LOG.segmentsExpired(partition, expired, beginSequenceNumber());
            }
            for (CompletableFuture<Integer> request : requests) {
                request.complete(expired);
            }
        } catch (IOException | RuntimeException e) {
            EventLogLogger.LOG.retentionFailed(partition, String.valueOf(e));
            for (CompletableFuture<Integer> request : requests) {
                request.completeExceptionally(e);
            }
        }
    }

    private long beginSequenceNumber() {
        for (Segment segment : segments) {
            if (!segment.isEmpty()) {
                return segment.index().firstSequenceNumber();
            }
        }
        return nextSequenceNumber;
    }

    /** Makes a created, renamed or deleted file's directory entry durable. */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** One append waiting for its group commit. */
    private static final class Pending {
        final byte[] message;
        final CompletableFuture<AppendedEvent> done = new CompletableFuture<>();
        long timeMillis;
        long sequenceNumber;
        long position;

        Pending(byte[] message, long timeMillis) {
            this.message = message;
            this.timeMillis = timeMillis;
        }

        void completed(int partition, long baseOffset) {
            done.complete(new AppendedEvent(partition, sequenceNumber, baseOffset + position,
                    Instant.ofEpochMilli(timeMillis)));
        }
    }
}
