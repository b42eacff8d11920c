package org.openiothub.eventhub.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openiothub.eventhub.EventHub;
import org.openiothub.eventhub.EventHubWriter;
import org.openiothub.eventhub.PartitionOf;

/**
 * The hub's Event Hub in the shared database, for a hub of several nodes: each partition is one log that every node
 * appends to and reads, so a reader connected to any node sees every device's events, in one order. Each node has one
 * writer per partition ({@link DatabasePartitionWriter}); the database serializes the writers of a partition. An
 * event's offset is its sequence number. Events older than the retention are deleted every minute, by every node (the
 * same rows: whichever comes first deletes them).
 */
public final class DatabaseEventHub implements EventHub, EventHubWriter, AutoCloseable {

    /** How often a waiting reader's partition is looked at for events other nodes appended. */
    static final long POLL_MILLIS = 20;
    private static final long RETENTION_CHECK_SECONDS = 60;

    private final DataSource dataSource;
    private final String name;
    private final Instant createdAt;
    private final Duration retention;
    private final Clock clock;
    private final PartitionHeads heads;
    private final List<DatabasePartitionWriter> writers;
    private final ScheduledExecutorService housekeeping;

    private DatabaseEventHub(DataSource dataSource, String name, Instant createdAt, int partitionCount,
            Duration retention, Clock clock) {
        this.dataSource = dataSource;
        this.name = name;
        this.createdAt = createdAt;
        this.retention = retention;
        this.clock = clock;
        this.heads = new PartitionHeads(dataSource, partitionCount);
        List<DatabasePartitionWriter> all = new ArrayList<>(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            all.add(new DatabasePartitionWriter(p, dataSource, heads));
        }
        this.writers = List.copyOf(all);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "event-hub-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the Event Hub in the database, creating its partitions if no node did yet.
     *
     * @throws IllegalStateException when it exists with another partition count
     * @throws SQLException when the database cannot be read or written
     */
    public static DatabaseEventHub open(DataSource dataSource, String name, int partitionCount, Duration retention,
            Clock clock) throws SQLException {
        Instant createdAt = createdAt(dataSource, partitionCount, clock);
        DatabaseEventHub hub = new DatabaseEventHub(dataSource, name, createdAt, partitionCount, retention, clock);
        hub.heads.readAll();
        hub.writers.forEach(DatabasePartitionWriter::start);
        hub.housekeeping.scheduleWithFixedDelay(hub::watch, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        hub.housekeeping.scheduleWithFixedDelay(hub::expire, 0, RETENTION_CHECK_SECONDS, TimeUnit.SECONDS);
        return hub;
    }

    private static Instant createdAt(DataSource dataSource, int partitionCount, Clock clock) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Stored stored = stored(connection);
            if (stored == null) {
                try {
                    create(connection, partitionCount, clock.instant());
                } catch (SQLException raced) {
                    // Another node created it at the same time: what it created is the Event Hub.
                }
                stored = stored(connection);
                if (stored == null) {
                    throw new SQLException("The Event Hub could not be created in the database");
                }
            }
            if (stored.partitionCount != partitionCount) {
                throw new IllegalStateException("The Event Hub in the database has " + stored.partitionCount
                        + " partitions, not the " + partitionCount + " configured. Changing the partition count would"
                        + " move devices to other partitions and break the order of their events: configure "
                        + stored.partitionCount + ".");
            }
            return stored.createdAt;
        }
    }

    private static Stored stored(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EventHubSql.SELECT_HUB);
                ResultSet row = select.executeQuery()) {
            return row.next() ? new Stored(row.getObject(1, OffsetDateTime.class).toInstant(), row.getInt(2)) : null;
        }
    }

    private static void create(Connection connection, int partitionCount, Instant now) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement hub = connection.prepareStatement(EventHubSql.INSERT_HUB);
                PreparedStatement partition = connection.prepareStatement(EventHubSql.INSERT_PARTITION)) {
            hub.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            hub.setInt(2, partitionCount);
            hub.executeUpdate();
            for (int p = 0; p < partitionCount; p++) {
                partition.setInt(1, p);
                partition.addBatch();
            }
            partition.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public CompletionStage<Void> append(String deviceId, byte[] message, Instant enqueuedTime) {
        return writers.get(PartitionOf.device(deviceId, writers.size())).append(message, enqueuedTime.toEpochMilli());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public int partitionCount() {
        return writers.size();
    }

    @Override
    public PartitionState partition(int partition) {
        checkPartition(partition);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(EventHubSql.STATE)) {
            select.setInt(1, partition);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("Event Hub partition " + partition + " has no row");
                }
                long next = row.getLong(1);
                Instant lastTime = Instant.ofEpochMilli(row.getLong(2));
                long oldest = row.getLong(3);
                boolean empty = row.wasNull();
                heads.advance(partition, next);
                return new PartitionState(partition, empty ? next : oldest, next - 1, next - 1,
                        next == 0 ? Instant.EPOCH : lastTime, empty);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Event Hub partition " + partition + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public PartitionCursor open(int partition, StartPosition start) {
        checkPartition(partition);
        try {
            return new DatabaseCursor(dataSource, heads, partition, sequenceNumberOf(partition, start));
        } catch (SQLException e) {
            throw new IllegalStateException("Event Hub partition " + partition + " could not be read: " + e.getMessage(), e);
        }
    }

    /** The sequence number a reader from {@code start} reads first. */
    private long sequenceNumberOf(int partition, StartPosition start) throws SQLException {
        if (start instanceof StartPosition.Earliest) {
            return 0;
        }
        if (start instanceof StartPosition.AfterSequenceNumber after) {
            return Math.max(0, after.inclusive() ? after.sequenceNumber() : after.sequenceNumber() + 1);
        }
        if (start instanceof StartPosition.AfterOffset after) {
            return Math.max(0, after.inclusive() ? after.offset() : after.offset() + 1);
        }
        try (Connection connection = dataSource.getConnection()) {
            if (start instanceof StartPosition.Latest) {
                return single(connection, EventHubSql.HEAD, partition);
            }
            // Stored times are whole milliseconds: an event in the same millisecond as a later instant is not after it.
            long after = ((StartPosition.AfterEnqueuedTime) start).time().toEpochMilli();
            try (PreparedStatement select = connection.prepareStatement(EventHubSql.FIRST_AFTER_TIME)) {
                select.setInt(1, partition);
                select.setLong(2, after);
                select.setInt(3, partition);
                return single(select);
            }
        }
    }

    private static long single(Connection connection, String sql, int partition) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setInt(1, partition);
            return single(select);
        }
    }

    private static long single(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("No answer to " + select);
            }
            return row.getLong(1);
        }
    }

    private void watch() {
        try {
            heads.poll();
        } catch (SQLException | RuntimeException e) {
            EventHubDatabaseLogger.LOG.watchFailed(e.getMessage());
        }
    }

    /** Deletes every partition's events older than the retention. */
    void expire() {
        long before = clock.instant().minus(retention).toEpochMilli();
        for (int p = 0; p < writers.size(); p++) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement(EventHubSql.EXPIRE)) {
                delete.setInt(1, p);
                delete.setLong(2, before);
                int deleted = delete.executeUpdate();
                if (deleted > 0) {
                    EventHubDatabaseLogger.LOG.eventsExpired(p, deleted);
                }
            } catch (SQLException | RuntimeException e) {
                EventHubDatabaseLogger.LOG.retentionFailed(p, e.getMessage());
            }
        }
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= writers.size()) {
            throw new IllegalArgumentException("No partition " + partition + " in an Event Hub of " + writers.size());
        }
    }

    /** Stores what each writer has queued, then stops. Open cursors still read but are no longer woken. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        writers.forEach(DatabasePartitionWriter::close);
        heads.close();
    }

    private record Stored(Instant createdAt, int partitionCount) {
    }
}
