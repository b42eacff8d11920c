package org.openiothub.eventhub.log;

import java.util.Arrays;

/**
 * A sparse index of one segment: the position, sequence number and enqueued time of its first record and of about
 * one record every {@link LogSettings#indexIntervalBytes()}. All three keys grow with the position (the log never lets
 * enqueued time go back), so one binary search finds where to start scanning for any of them. Rebuilt by scanning
 * when the log opens, never stored: a few hundred entries per segment, and nothing to get out of step with the data.
 *
 * <p>Thread-safe: the writer adds entries (only for records already durable) while readers search.
 */
final class SegmentIndex {

    /** What a start position is searched by. */
    enum Key {
        POSITION, SEQUENCE_NUMBER, ENQUEUED_TIME
    }

    private long[] positions = new long[16];
    private long[] sequenceNumbers = new long[16];
    private long[] times = new long[16];
    private int size;

    synchronized void add(long position, long sequenceNumber, long enqueuedTimeMillis) {
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
            sequenceNumbers = Arrays.copyOf(sequenceNumbers, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        positions[size] = position;
        sequenceNumbers[size] = sequenceNumber;
        times[size] = enqueuedTimeMillis;
        size++;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** The last indexed position; meaningful only when not empty. */
    synchronized long lastPosition() {
        return positions[size - 1];
    }

    /** The first record's sequence number; meaningful only when not empty. */
    synchronized long firstSequenceNumber() {
        return sequenceNumbers[0];
    }

    /** The first record's key of the given kind; meaningful only when not empty. */
    synchronized long first(Key key) {
        return keys(key)[0];
    }

    /**
     * The position of the last indexed record whose key is at most {@code value}, or 0 when there is none: where a scan
     * for the first record with a key above {@code value} starts.
     */
    synchronized long floorPosition(Key key, long value) {
        long[] keys = keys(key);
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (keys[middle] <= value) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found < 0 ? 0 : positions[found];
    }

    private long[] keys(Key key) {
        return switch (key) {
            case POSITION -> positions;
            case SEQUENCE_NUMBER -> sequenceNumbers;
            case ENQUEUED_TIME -> times;
        };
    }
}
