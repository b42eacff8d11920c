package org.openiothub.eventhub.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of a partition's log: the records from {@link #baseOffset()} on, appended by the partition's writer and
 * read by any number of cursors with positional reads. Its name is the base offset, zero-padded, so that listing the
 * directory in name order lists the log in order.
 *
 * <p>Readers see only {@link #durableSize()} bytes: what the writer has forced to disk. The writer publishes the
 * newest record's sequence number and time before the size, so a reader that sees a size sees them too.
 */
final class Segment implements AutoCloseable {

    static final String SUFFIX = ".log";

    private final Path file;
    private final long baseOffset;
    private final FileChannel channel;
    private final SegmentIndex index = new SegmentIndex();
    private final long indexInterval;

    private volatile long durableSize;
    private volatile long lastSequenceNumber = -1;
    private volatile long lastEnqueuedTimeMillis = -1;
    private volatile long lastPosition = -1;

    private Segment(Path file, long baseOffset, FileChannel channel, long indexInterval) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.channel = channel;
        this.indexInterval = indexInterval;
    }

    static Path file(Path directory, long baseOffset) {
        return directory.resolve(String.format("%020d%s", baseOffset, SUFFIX));
    }

    static long baseOffsetOf(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("not a segment file: " + file);
        }
        String name = fileName.toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    /** A new, empty segment; the caller forces the directory before acknowledging anything written to it. */
    static Segment create(Path directory, long baseOffset, LogSettings settings) throws IOException {
        Path file = file(directory, baseOffset);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(file, baseOffset, channel, settings.indexIntervalBytes());
    }

    /**
     * Opens an existing segment and scans it: every intact record is indexed, and the scan stops at the first that is
     * not (cut short, wrong magic, bad CRC, a sequence number out of turn). In the {@code active} (last) segment that
     * is the torn tail of a write that was never acknowledged: it is truncated away so that appends continue after
     * the last intact record. In an older segment, which was forced whole before the next one was created, it can
     * only be damage from outside; the file is left as it is for an operator and readers stop before it.
     */
    static Segment open(Path file, boolean active, LogSettings settings) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(file, baseOffsetOf(file), channel, settings.indexIntervalBytes());
        try {
            long fileSize = channel.size();
            long intact = segment.scan(fileSize);
            if (intact < fileSize) {
                if (active) {
                    channel.truncate(intact);
                    channel.force(true);
                    EventLogLogger.LOG.tailTruncated(file.toString(), fileSize - intact, intact);
                } else {
                    EventLogLogger.LOG.damagedSegment(file.toString(), intact, fileSize);
                }
            }
            segment.durableSize = intact;
            return segment;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private long scan(long fileSize) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(64 * 1024, LogRecord.size(LogRecord.MAX_MESSAGE_BYTES)));
        long position = 0;
        long expectedSequence = -1;
        while (position < fileSize) {
            buffer.clear();
            readFully(buffer, position);
            buffer.flip();
            int at = 0;
            while (true) {
                int size = LogRecord.check(buffer, at);
                if (size < 0) {
                    return position + at;
                }
                if (size == 0) {
                    break;
                }
                long sequence = LogRecord.sequenceNumber(buffer, at);
                if (expectedSequence >= 0 && sequence != expectedSequence) {
                    return position + at;
                }
                expectedSequence = sequence + 1;
                recordDurable(position + at, sequence, LogRecord.enqueuedTimeMillis(buffer, at));
                at += size;
            }
            if (at == 0) {
                // Not even one whole record fits in what is left of the file: a write cut short.
                return position;
            }
            position += at;
        }
        return position;
    }

    /** Indexes a record the writer has forced (or the scan found intact), before {@link #durableSize} covers it. */
    void recordDurable(long position, long sequenceNumber, long enqueuedTimeMillis) {
        if (lastPosition < 0 || position - index.lastPosition() >= indexInterval) {
            index.add(position, sequenceNumber, enqueuedTimeMillis);
        }
        lastPosition = position;
        lastSequenceNumber = sequenceNumber;
        lastEnqueuedTimeMillis = enqueuedTimeMillis;
    }

    /** Makes the first {@code size} bytes visible to readers; they are on disk. */
    void durableUpTo(long size) {
        durableSize = size;
    }

    /** Fills {@code buffer} from {@code position} as far as the file goes; returns the bytes read. */
    int readFully(ByteBuffer buffer, long position) throws IOException {
        int read = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    /** Writes all of {@code buffer} at {@code position}; the writer's only. */
    void write(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** fdatasync: the data and the file size, which is what reading the records back needs. */
    void force() throws IOException {
        channel.force(false);
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    long baseOffset() {
        return baseOffset;
    }

    SegmentIndex index() {
        return index;
    }

    long durableSize() {
        return durableSize;
    }

    /** The offset after the last durable record. */
    long durableEndOffset() {
        return baseOffset + durableSize;
    }

    boolean isEmpty() {
        return lastPosition < 0;
    }

    long lastSequenceNumber() {
        return lastSequenceNumber;
    }

    long lastEnqueuedTimeMillis() {
        return lastEnqueuedTimeMillis;
    }

    /** The offset of the last durable record, -1 when there is none. */
    long lastOffset() {
        long position = lastPosition;
        return position < 0 ? -1 : baseOffset + position;
    }
}
