package org.openiothub.eventhub;

import java.time.Instant;
import java.util.List;

/**
 * The hub's Event Hub as its readers see it: {@link #partitionCount()} partitions, each an ordered log that reading
 * never changes. A device's events are always in the same partition ({@link PartitionOf}), in the order the hub
 * accepted them.
 */
public interface EventHub {

    /** The Event Hub's name: the hub's name. */
    String name();

    Instant createdAt();

    int partitionCount();

    /** What partition {@code partition} holds now. */
    PartitionState partition(int partition);

    /**
     * A reader of one partition from {@code start}; the caller closes it.
     *
     * @throws IllegalArgumentException for a partition out of range
     */
    PartitionCursor open(int partition, StartPosition start);

    /** A partition's bounds: what the Event Hubs management node answers. */
    record PartitionState(int partition, long beginSequenceNumber, long lastEnqueuedSequenceNumber,
            long lastEnqueuedOffset, Instant lastEnqueuedTime, boolean empty) {
    }

    /** One retained event. {@code message} is the stored AMQP message: properties, annotations and body. */
    record StoredEvent(long sequenceNumber, long offset, Instant enqueuedTime, byte[] message) {
    }

    /** Where a reader starts, as the Event Hubs receivers' filters say it. */
    sealed interface StartPosition {

        /** The oldest retained event. */
        record Earliest() implements StartPosition {
        }

        /** Only events enqueued after the reader opened. */
        record Latest() implements StartPosition {
        }

        record AfterOffset(long offset, boolean inclusive) implements StartPosition {
        }

        record AfterSequenceNumber(long sequenceNumber, boolean inclusive) implements StartPosition {
        }

        /** The first event enqueued after {@code time}. */
        record AfterEnqueuedTime(Instant time) implements StartPosition {
        }
    }

    /** A position in one partition that moves as it reads. Not thread-safe: one reader at a time. */
    interface PartitionCursor extends AutoCloseable {

        /**
         * Up to {@code max} events after the position, the position then after the last one. Reads the disk: call it
         * off event loops.
         *
         * @return empty when the reader is at the end of the partition
         */
        List<StoredEvent> next(int max);

        /**
         * Runs {@code listener} once, on a thread of the log's, as soon as events beyond the position exist (at once
         * when they do already).
         */
        void whenAvailable(Runnable listener);

        @Override
        void close();
    }
}
