package org.openiothub.eventhub.log;

import java.time.Clock;
import java.time.Duration;

/**
 * How a partition's log is cut and kept.
 *
 * @param segmentBytes a segment is closed and a new one begun before a record would take it past this size (a
 *            single record larger than it still gets a segment of its own)
 * @param retention how long an event stays readable at least: a segment goes when its newest event is older
 * @param retentionCheck how often the writer looks for expired segments
 * @param indexIntervalBytes the sparse index's spacing: a start position is found by one binary search and a scan of
 *            at most this many bytes
 * @param maxBatchBytes the most one group commit writes; more waiting records go in the next
 * @param clock what "older than the retention" is measured against
 */
public record LogSettings(long segmentBytes, Duration retention, Duration retentionCheck, int indexIntervalBytes,
        int maxBatchBytes, Clock clock) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);

    public LogSettings {
        if (segmentBytes < LogRecord.HEADER_BYTES) {
            throw new IllegalArgumentException("segmentBytes too small: " + segmentBytes);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        if (indexIntervalBytes <= 0 || maxBatchBytes < LogRecord.size(LogRecord.MAX_MESSAGE_BYTES)) {
            throw new IllegalArgumentException("indexIntervalBytes must be positive and maxBatchBytes hold a record");
        }
    }

    /** 64 MB segments, a day's retention (IoT Hub's default), checked every minute, an index entry every 4 KB. */
    public static LogSettings defaults() {
        return new LogSettings(DEFAULT_SEGMENT_BYTES, DEFAULT_RETENTION, Duration.ofMinutes(1), 4096,
                4 * 1024 * 1024, Clock.systemUTC());
    }

    public LogSettings withSegmentBytes(long bytes) {
        return new LogSettings(bytes, retention, retentionCheck, indexIntervalBytes, maxBatchBytes, clock);
    }

    public LogSettings withRetention(Duration newRetention) {
        return new LogSettings(segmentBytes, newRetention, retentionCheck, indexIntervalBytes, maxBatchBytes, clock);
    }

    public LogSettings withClock(Clock newClock) {
        return new LogSettings(segmentBytes, retention, retentionCheck, indexIntervalBytes, maxBatchBytes, newClock);
    }
}
