package org.openiothub.eventhub.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.openiothub.eventhub.EventHub;
import org.openiothub.eventhub.EventHubWriter;
import org.openiothub.eventhub.PartitionOf;

/**
 * The hub's Event Hub on local disk: {@link #partitionCount()} {@link PartitionLog}s under one root directory
 * ({@code <root>/partitions/<n>}), and the metadata that fixes their number. A device's events always go to the
 * partition {@link PartitionOf#device} names, appended in the order this is called for it.
 */
public final class EventLog implements EventHub, EventHubWriter, AutoCloseable {

    /** IoT Hub's bounds for the built-in endpoint's partition count. */
    public static final int MIN_PARTITIONS = 2;
    public static final int MAX_PARTITIONS = 32;

    private final EventLogMetadata metadata;
    private final List<PartitionLog> partitions;

    private EventLog(EventLogMetadata metadata, List<PartitionLog> partitions) {
        this.metadata = metadata;
        this.partitions = partitions;
    }

    /**
     * Opens the log in {@code root}, creating it with {@code partitionCount} partitions if it does not exist.
     *
     * @throws IllegalStateException when it exists with another partition count
     * @throws IllegalArgumentException for a count outside 2-32
     */
    public static EventLog open(Path root, String name, int partitionCount, LogSettings settings)
            throws IOException {
        if (partitionCount < MIN_PARTITIONS || partitionCount > MAX_PARTITIONS) {
            throw new IllegalArgumentException("An Event Hub has " + MIN_PARTITIONS + " to " + MAX_PARTITIONS
                    + " partitions, not " + partitionCount);
        }
        EventLogMetadata metadata = EventLogMetadata.readOrCreate(root, name, partitionCount,
                settings.clock().instant());
        List<PartitionLog> partitions = new ArrayList<>(partitionCount);
        try {
            for (int p = 0; p < partitionCount; p++) {
                partitions.add(PartitionLog.open(p, root.resolve("partitions").resolve(Integer.toString(p)), settings));
            }
        } catch (IOException | RuntimeException e) {
            partitions.forEach(PartitionLog::close);
            throw e;
        }
        return new EventLog(metadata, List.copyOf(partitions));
    }

    /** Appends a device's event to its partition; see {@link PartitionLog#append} for when the stage completes. */
    @Override
    public CompletionStage<AppendedEvent> append(String deviceId, byte[] message, Instant enqueuedTime) {
        return partitions.get(PartitionOf.device(deviceId, partitions.size())).append(message, enqueuedTime);
    }

    /** One partition's log, for what the Event Hub port does not cover (retention on demand, statistics). */
    public PartitionLog partitionLog(int partition) {
        checkPartition(partition);
        return partitions.get(partition);
    }

    @Override
    public String name() {
        return metadata.name();
    }

    @Override
    public Instant createdAt() {
        return metadata.createdAt();
    }

    @Override
    public int partitionCount() {
        return partitions.size();
    }

    @Override
    public PartitionState partition(int partition) {
        return partitionLog(partition).state();
    }

    @Override
    public PartitionCursor open(int partition, StartPosition start) {
        return partitionLog(partition).open(start);
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new IllegalArgumentException("No partition " + partition + " in an Event Hub of "
                    + partitions.size());
        }
    }

    /** Completes every append already queued, then closes all partitions. */
    @Override
    public void close() {
        partitions.forEach(PartitionLog::close);
    }
}
