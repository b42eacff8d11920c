package org.openiothub.gateway.amqp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.openiothub.eventhub.EventHub;

/** Test helper: an Event Hub whose partitions are lists; offsets are ten times the sequence number. */
final class InMemoryEventHub implements EventHub {

    private final Instant createdAt;
    private final List<List<StoredEvent>> partitions = new ArrayList<>();

    InMemoryEventHub(int partitionCount, Instant createdAt) {
        this.createdAt = createdAt;
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new ArrayList<>());
        }
    }

    synchronized StoredEvent append(int partition, Instant enqueuedTime, byte[] message) {
        List<StoredEvent> events = partitions.get(partition);
        long sequenceNumber = events.size();
        StoredEvent event = new StoredEvent(sequenceNumber, sequenceNumber * 10, enqueuedTime, message);
        events.add(event);
        return event;
    }

    @Override
    public String name() {
        return "myhub";
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public int partitionCount() {
        return partitions.size();
    }

    @Override
    public synchronized PartitionState partition(int partition) {
        List<StoredEvent> events = partitions.get(partition);
        if (events.isEmpty()) {
            return new PartitionState(partition, 0, -1, -1, null, true);
        }
        StoredEvent last = events.get(events.size() - 1);
        return new PartitionState(partition, 0, last.sequenceNumber(), last.offset(), last.enqueuedTime(), false);
    }

    @Override
    public PartitionCursor open(int partition, StartPosition start) {
        throw new UnsupportedOperationException("not needed by these tests");
    }
}
