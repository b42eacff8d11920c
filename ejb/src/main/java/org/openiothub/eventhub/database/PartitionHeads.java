package org.openiothub.eventhub.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.openiothub.eventhub.DurableListeners;

/**
 * What this node knows of each partition's head (its next sequence number), and the readers waiting for it to move.
 * This node's writers move it after each commit; what other nodes append is seen by {@link #poll}, which the Event Hub
 * runs every few milliseconds and which reads the database only while a reader waits.
 */
final class PartitionHeads implements AutoCloseable {

    private final DataSource dataSource;
    private final AtomicLongArray heads;
    private final List<DurableListeners> listeners;

    PartitionHeads(DataSource dataSource, int partitionCount) {
        this.dataSource = dataSource;
        this.heads = new AtomicLongArray(partitionCount);
        List<DurableListeners> all = new ArrayList<>(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            all.add(new DurableListeners(p));
        }
        this.listeners = List.copyOf(all);
    }

    /** The head as this node last saw it. */
    long known(int partition) {
        return heads.get(partition);
    }

    /** Records that the partition's head is now at least {@code next}, and wakes its readers if it moved. */
    void advance(int partition, long next) {
        long known = heads.get(partition);
        while (next > known) {
            if (heads.compareAndSet(partition, known, next)) {
                listeners.get(partition).fire();
                return;
            }
            known = heads.get(partition);
        }
    }

    /** Runs {@code listener} once the head is beyond {@code position} (at once if it is already). */
    void whenBeyond(int partition, LongSupplier position, Runnable listener) {
        listeners.get(partition).register(listener, () -> position.getAsLong() < heads.get(partition));
    }

    /** Reads every partition's head from the database if a reader waits, and wakes the readers of those that moved. */
    void poll() throws SQLException {
        if (listeners.stream().noneMatch(DurableListeners::anyWaiting)) {
            return;
        }
        readAll();
    }

    /** Reads every partition's head from the database. */
    void readAll() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(EventHubSql.HEADS);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int partition = rows.getInt(1);
                if (partition < heads.length()) {
                    advance(partition, rows.getLong(2));
                }
            }
        }
    }

    @Override
    public void close() {
        listeners.forEach(DurableListeners::close);
    }
}
