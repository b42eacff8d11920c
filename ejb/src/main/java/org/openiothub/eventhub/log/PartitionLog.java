package org.openiothub.eventhub.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.openiothub.eventhub.DurableListeners;
import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.PartitionState;
import org.openiothub.eventhub.EventHub.StartPosition;

/**
 * One partition of the Event Hub: an append-only log of segment files in its own directory. An append is
 * acknowledged only once its record is on disk (fsynced by the partition's group-commit writer), and readers see
 * only such records, so nothing a device was told is stored can be lost or unread after a crash, and nothing a reader
 * got can disappear. Events stay until their segment's newest event is older than the retention.
 *
 * <p>Sequence numbers start at 0 and go up by one; an event's offset is its byte position in the partition (segment
 * base offset plus position in the segment), as Event Hubs offsets are: increasing, not contiguous.
 */
public final class PartitionLog implements AutoCloseable {

    private final int partition;
    private final PartitionWriter writer;
    private final DurableListeners listeners;

    private PartitionLog(int partition, Path directory, LogSettings settings, List<Segment> segments) {
        this.partition = partition;
        this.listeners = new DurableListeners(partition);
        Segment newest = null;
        for (Segment segment : segments) {
            if (!segment.isEmpty()) {
                newest = segment;
            }
        }
        long nextSequenceNumber = newest == null ? 0 : newest.lastSequenceNumber() + 1;
        long lastTime = newest == null ? Long.MIN_VALUE : newest.lastEnqueuedTimeMillis();
        this.writer = new PartitionWriter(partition, directory, settings, segments, nextSequenceNumber, lastTime,
                listeners::fire);
    }

    /**
     * Opens the partition in {@code directory}, creating it if needed. Recovers from a crash by cutting the newest
     * segment back to its last intact record (see {@link Segment#open}); whatever was acknowledged is intact.
     */
    public static PartitionLog open(int partition, Path directory, LogSettings settings) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                PartitionWriter.forceDirectory(parent);
            }
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.getFileName().toString().matches("[0-9]{20}\\.log"))
                    .sorted(Comparator.comparingLong(Segment::baseOffsetOf)).toList();
        }
        List<Segment> segments = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                segments.add(Segment.open(files.get(i), i == files.size() - 1, settings));
            }
            if (segments.isEmpty()) {
                segments.add(Segment.create(directory, 0, settings));
                PartitionWriter.forceDirectory(directory);
            }
        } catch (IOException | RuntimeException e) {
            segments.forEach(Segment::close);
            throw e;
        }
        PartitionLog log = new PartitionLog(partition, directory, settings, segments);
        log.writer.start();
        return log;
    }

    /**
     * Appends one event. The stage completes, on the partition's writer thread, once the event is on disk; dependent
     * actions that may block must run elsewhere (an async stage), or they hold up the partition's next group commit.
     * It completes exceptionally when the log cannot write (then every later append fails too) or is closed.
     *
     * @param enqueuedTime stored as whole milliseconds, and never earlier than the partition's newest event
     * @throws IllegalArgumentException for a message over {@link LogRecord#MAX_MESSAGE_BYTES}
     */
    public CompletionStage<AppendedEvent> append(byte[] message, Instant enqueuedTime) {
        if (message.length > LogRecord.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("An event log record holds at most " + LogRecord.MAX_MESSAGE_BYTES
                    + " bytes, not " + message.length);
        }
        return writer.append(message, enqueuedTime.toEpochMilli());
    }

    /** A reader from {@code start}; the caller closes it. */
    public PartitionCursor open(StartPosition start) {
        return new LogCursor(this, start);
    }

    /** The partition's bounds now; for an empty partition the last sequence number and offset are -1. */
    public PartitionState state() {
        List<Segment> segments = writer.segments();
        Segment oldest = null;
        Segment newest = null;
        for (Segment segment : segments) {
            if (!segment.isEmpty()) {
                oldest = oldest == null ? segment : oldest;
                newest = segment;
            }
        }
        if (newest == null) {
            return new PartitionState(partition, 0, -1, -1, Instant.EPOCH, true);
        }
        return new PartitionState(partition, oldest.index().firstSequenceNumber(), newest.lastSequenceNumber(),
                newest.lastOffset(), Instant.ofEpochMilli(newest.lastEnqueuedTimeMillis()), false);
    }

    /**
     * Deletes now, rather than at the next periodic check, the segments whose newest event is older than the
     * retention; never the segment being appended to.
     *
     * @return how many segments went
     */
    public CompletionStage<Integer> deleteExpiredSegments() {
        return writer.deleteExpiredSegments();
    }

    /** How many group commits (fsyncs) the writer made since the log opened. */
    public long forces() {
        return writer.forces();
    }

    /** How many events were appended since the log opened. */
    public long appended() {
        return writer.appended();
    }

    List<Segment> segments() {
        return writer.segments();
    }

    /** The offset after the last durable event. */
    long endOffset() {
        return StartPositionSearch.end(writer.segments());
    }

    void whenAvailable(Runnable listener, BooleanSupplier available) {
        listeners.register(listener, available);
    }

    /** Writes and acknowledges what was queued, then closes the files. Open cursors still read what is
     * on disk but are no longer told of new events. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing event log partition " + partition, e);
        } finally {
            listeners.close();
            writer.segments().forEach(Segment::close);
        }
    }
}
