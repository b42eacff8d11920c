package org.openiothub.eventhub.database;

/** The statements of the Event Hub kept in the database (tables of migration V7), in SQL that H2 and PostgreSQL run. */
final class EventHubSql {

    static final String SELECT_HUB = "SELECT created_at, partition_count FROM event_hub WHERE id = 1";
    static final String INSERT_HUB = "INSERT INTO event_hub (id, created_at, partition_count) VALUES (1, ?, ?)";
    static final String INSERT_PARTITION = "INSERT INTO event_hub_partition"
            + " (partition_id, next_sequence_number, last_enqueued_millis) VALUES (?, 0, 0)";

    /** Taken by a writer for its transaction: writers of one partition on every node append one after the other. */
    static final String LOCK_PARTITION = "SELECT next_sequence_number, last_enqueued_millis FROM event_hub_partition"
            + " WHERE partition_id = ? FOR UPDATE";
    static final String INSERT_EVENT = "INSERT INTO event_hub_event"
            + " (partition_id, sequence_number, enqueued_millis, message) VALUES (?, ?, ?, ?)";
    static final String MOVE_PARTITION = "UPDATE event_hub_partition SET next_sequence_number = ?,"
            + " last_enqueued_millis = ? WHERE partition_id = ?";

    static final String HEADS = "SELECT partition_id, next_sequence_number FROM event_hub_partition";
    static final String HEAD = "SELECT next_sequence_number FROM event_hub_partition WHERE partition_id = ?";
    static final String STATE = "SELECT p.next_sequence_number, p.last_enqueued_millis,"
            + " (SELECT MIN(e.sequence_number) FROM event_hub_event e WHERE e.partition_id = p.partition_id)"
            + " FROM event_hub_partition p WHERE p.partition_id = ?";
    static final String READ = "SELECT sequence_number, enqueued_millis, message FROM event_hub_event"
            + " WHERE partition_id = ? AND sequence_number >= ? ORDER BY sequence_number FETCH FIRST ? ROWS ONLY";
    /** One statement, so one snapshot: no event committed in between can fall between the two answers. */
    static final String FIRST_AFTER_TIME = "SELECT COALESCE("
            + "(SELECT MIN(sequence_number) FROM event_hub_event WHERE partition_id = ? AND enqueued_millis > ?),"
            + " (SELECT next_sequence_number FROM event_hub_partition WHERE partition_id = ?))";
    static final String EXPIRE = "DELETE FROM event_hub_event WHERE partition_id = ? AND enqueued_millis < ?";

    private EventHubSql() {
    }
}
