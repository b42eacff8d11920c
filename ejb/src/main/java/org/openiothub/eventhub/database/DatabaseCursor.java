package org.openiothub.eventhub.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.StoredEvent;

/**
 * A reader of one partition in the database: the sequence number it reads next. Events that retention deleted are
 * skipped: the next read starts at the oldest one left.
 */
final class DatabaseCursor implements PartitionCursor {

    private final DataSource dataSource;
    private final PartitionHeads heads;
    private final int partition;
    private volatile long position;

    DatabaseCursor(DataSource dataSource, PartitionHeads heads, int partition, long position) {
        this.dataSource = dataSource;
        this.heads = heads;
        this.partition = partition;
        this.position = position;
    }

    @Override
    public List<StoredEvent> next(int max) {
        List<StoredEvent> events = new ArrayList<>(Math.min(max, 256));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement read = connection.prepareStatement(EventHubSql.READ)) {
            read.setInt(1, partition);
            read.setLong(2, position);
            read.setInt(3, max);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    long sequenceNumber = rows.getLong(1);
                    events.add(new StoredEvent(sequenceNumber, sequenceNumber, Instant.ofEpochMilli(rows.getLong(2)),
                            rows.getBytes(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Event Hub partition " + partition + " could not be read: " + e.getMessage(), e);
        }
        if (!events.isEmpty()) {
            long next = events.get(events.size() - 1).sequenceNumber() + 1;
            position = next;
            heads.advance(partition, next);
        }
        return events;
    }

    @Override
    public void whenAvailable(Runnable listener) {
        heads.whenBeyond(partition, () -> position, listener);
    }

    @Override
    public void close() {
        // Nothing held between reads.
    }
}
