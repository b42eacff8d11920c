package org.openiothub.eventhub.log;

import java.time.Instant;

/**
 * Where an acknowledged event now is: on disk, readable, and numbered.
 *
 * @param enqueuedTime as stored: the time given, or the partition's newest time when that was later (enqueued times
 *            never go back within a partition, so that a reader's start time finds one place)
 */
public record AppendedEvent(int partition, long sequenceNumber, long offset, Instant enqueuedTime) {
}
