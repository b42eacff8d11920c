package org.openiothub.eventhub.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.EventHub.StoredEvent;

/**
 * A reader of one partition: an offset that moves forward over durable records. Reads never block the writer or
 * other readers (positional reads on the cursor's own channel). When retention deletes the segment the cursor is in,
 * it goes on at the partition's new beginning.
 */
final class LogCursor implements PartitionCursor {

    private final PartitionLog log;
    private final SegmentReader reader = new SegmentReader();
    private long position;

    LogCursor(PartitionLog log, StartPosition start) {
        this.log = log;
        while (true) {
            try {
                position = StartPositionSearch.offsetOf(log.segments(), start, reader);
                return;
            } catch (NoSuchFileException expired) {
                // Retention deleted a segment while the search was in it: search the segments that are left.
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The offset of the next event this cursor reads. */
    long position() {
        return position;
    }

    @Override
    public List<StoredEvent> next(int max) {
        List<StoredEvent> events = new ArrayList<>(Math.min(max, 256));
        while (events.size() < max) {
            List<Segment> segments = log.segments();
            position = Math.max(position, segments.get(0).baseOffset());
            int index = segmentAt(segments, position);
            Segment segment = segments.get(index);
            long inSegment = position - segment.baseOffset();
            long limit = segment.durableSize();
            if (inSegment >= limit) {
                if (index + 1 == segments.size()) {
                    break;
                }
                position = segments.get(index + 1).baseOffset();
                continue;
            }
            try {
                int at = reader.record(segment, inSegment, limit);
                ByteBuffer buffer = reader.buffer();
                events.add(new StoredEvent(LogRecord.sequenceNumber(buffer, at), position,
                        Instant.ofEpochMilli(LogRecord.enqueuedTimeMillis(buffer, at)), LogRecord.message(buffer, at)));
                position += LogRecord.size(LogRecord.messageLength(buffer, at));
            } catch (NoSuchFileException expired) {
                // Deleted by retention after this cursor took the segment list; the next list starts later.
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    private static int segmentAt(List<Segment> segments, long offset) {
        int low = 0;
        int high = segments.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (segments.get(middle).baseOffset() <= offset) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    @Override
    public void whenAvailable(Runnable listener) {
        log.whenAvailable(listener, () -> position < log.endOffset());
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
