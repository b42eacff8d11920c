package org.openiothub.eventhub.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * This node's appender to one partition: one thread that takes what was queued since its last commit and stores it in
 * one transaction. The transaction locks the partition's row first, so the writers of the partition on all nodes take
 * turns, each batch gets the sequence numbers after the last committed one, and readers see them in order. The events
 * of a batch are acknowledged once it committed.
 */
final class DatabasePartitionWriter implements AutoCloseable {

    static final int MAX_BATCH_EVENTS = 2_000;
    static final long MAX_BATCH_BYTES = 8L << 20;
    private static final long POLL_MILLIS = 100;

    private final int partition;
    private final DataSource dataSource;
    private final PartitionHeads heads;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    DatabasePartitionWriter(int partition, DataSource dataSource, PartitionHeads heads) {
        this.partition = partition;
        this.dataSource = dataSource;
        this.heads = heads;
        this.thread = new Thread(this::run, "event-hub-writer-" + partition);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues one event; the stage completes once it is committed, or exceptionally when it could not be. */
    CompletionStage<Void> append(byte[] message, long enqueuedMillis) {
        Pending pending = new Pending(message, enqueuedMillis, new CompletableFuture<>());
        if (closing) {
            return CompletableFuture.failedFuture(new IllegalStateException("The Event Hub is closed"));
        }
        queue.add(pending);
        if (closing && !thread.isAlive() && queue.remove(pending)) {
            pending.stored.completeExceptionally(new IllegalStateException("The Event Hub is closed"));
        }
        return pending.stored;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long bytes = first.message.length;
                Pending next;
                while (batch.size() < MAX_BATCH_EVENTS && bytes < MAX_BATCH_BYTES && (next = queue.poll()) != null) {
                    batch.add(next);
                    bytes += next.message.length;
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.stored.completeExceptionally(new IllegalStateException("The Event Hub closed before storing the event"));
        }
    }

    private void write(List<Pending> batch) {
        long next;
        try {
            next = commit(batch);
        } catch (SQLException | RuntimeException e) {
            EventHubDatabaseLogger.LOG.writeFailed(partition, batch.size(), e.getMessage());
            batch.forEach(pending -> pending.stored.completeExceptionally(e));
            return;
        }
        heads.advance(partition, next);
        batch.forEach(pending -> pending.stored.complete(null));
    }

    /** Stores the batch after the partition's last event; returns the partition's next sequence number. */
    private long commit(List<Pending> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long next = store(connection, batch);
                connection.commit();
                return next;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private long store(Connection connection, List<Pending> batch) throws SQLException {
        long sequenceNumber;
        long lastMillis;
        try (PreparedStatement lock = connection.prepareStatement(EventHubSql.LOCK_PARTITION)) {
            lock.setInt(1, partition);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("Event Hub partition " + partition + " has no row");
                }
                sequenceNumber = row.getLong(1);
                lastMillis = row.getLong(2);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(EventHubSql.INSERT_EVENT)) {
            for (Pending pending : batch) {
                // Enqueued times never go back within a partition, whatever the clocks of the nodes say.
                lastMillis = Math.max(lastMillis, pending.enqueuedMillis);
                insert.setInt(1, partition);
                insert.setLong(2, sequenceNumber++);
                insert.setLong(3, lastMillis);
                insert.setBytes(4, pending.message);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement move = connection.prepareStatement(EventHubSql.MOVE_PARTITION)) {
            move.setLong(1, sequenceNumber);
            move.setLong(2, lastMillis);
            move.setInt(3, partition);
            move.executeUpdate();
        }
        return sequenceNumber;
    }

    /** Stores what was queued, then stops the thread. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(byte[] message, long enqueuedMillis, CompletableFuture<Void> stored) {
    }
}
