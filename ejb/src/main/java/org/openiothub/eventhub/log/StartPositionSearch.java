package org.openiothub.eventhub.log;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.log.SegmentIndex.Key;

/**
 * Turns a reader's start position into the offset of the first event it gets. Every position is "the first event
 * whose key is above a value" (an inclusive position is above the value less one): the segment is found by its first
 * key, the place in it by the sparse index, and the event by scanning at most an index interval.
 *
 * <p>An offset that is not a record's start (a reader may pass back any number) starts at the next record; a
 * position before the oldest retained event starts at the oldest, one after the newest at the end, where the reader
 * waits for new events.
 */
final class StartPositionSearch {

    private StartPositionSearch() {
    }

    static long offsetOf(List<Segment> segments, StartPosition start, SegmentReader reader) throws IOException {
        if (start instanceof StartPosition.Earliest) {
            return segments.get(0).baseOffset();
        }
        if (start instanceof StartPosition.Latest) {
            return end(segments);
        }
        if (start instanceof StartPosition.AfterOffset after) {
            return firstAbove(segments, Key.POSITION, below(after.offset(), after.inclusive()), reader);
        }
        if (start instanceof StartPosition.AfterSequenceNumber after) {
            return firstAbove(segments, Key.SEQUENCE_NUMBER, below(after.sequenceNumber(), after.inclusive()), reader);
        }
        // Stored times are whole milliseconds: a record in the same millisecond as a later instant is not after it.
        StartPosition.AfterEnqueuedTime after = (StartPosition.AfterEnqueuedTime) start;
        return firstAbove(segments, Key.ENQUEUED_TIME, floorMillis(after.time()), reader);
    }

    static long end(List<Segment> segments) {
        return segments.get(segments.size() - 1).durableEndOffset();
    }

    private static long floorMillis(Instant time) {
        try {
            return time.toEpochMilli();
        } catch (ArithmeticException outOfRange) {
            return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long below(long value, boolean inclusive) {
        return inclusive && value > Long.MIN_VALUE ? value - 1 : value;
    }

    private static long firstAbove(List<Segment> segments, Key key, long value, SegmentReader reader)
            throws IOException {
        int chosen = -1;
        for (int i = segments.size() - 1; i >= 0 && chosen < 0; i--) {
            Segment segment = segments.get(i);
            if (!segment.isEmpty() && firstKey(segment, key) <= value) {
                chosen = i;
            }
        }
        if (chosen < 0) {
            return segments.get(0).baseOffset();
        }
        for (int i = chosen; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            long limit = segment.durableSize();
            long position = i == chosen ? segment.index().floorPosition(key, relative(segment, key, value)) : 0;
            while (position < limit) {
                int at = reader.record(segment, position, limit);
                if (key(segment, key, reader, at, position) > value) {
                    return segment.baseOffset() + position;
                }
                position += LogRecord.size(LogRecord.messageLength(reader.buffer(), at));
            }
        }
        return end(segments);
    }

    private static long firstKey(Segment segment, Key key) {
        return key == Key.POSITION ? segment.baseOffset() : segment.index().first(key);
    }

    private static long relative(Segment segment, Key key, long value) {
        return key == Key.POSITION ? value - segment.baseOffset() : value;
    }

    private static long key(Segment segment, Key key, SegmentReader reader, int at, long position) {
        return switch (key) {
            case POSITION -> segment.baseOffset() + position;
            case SEQUENCE_NUMBER -> LogRecord.sequenceNumber(reader.buffer(), at);
            case ENQUEUED_TIME -> LogRecord.enqueuedTimeMillis(reader.buffer(), at);
        };
    }
}
