-- The built-in endpoint's Event Hub when its log is kept in the database (a cluster: every node appends to and reads
-- the same partitions). A hub of one node keeps its log in its data directory and leaves these tables empty.
-- A partition's row is its head: the next sequence number and the newest enqueued time. A writer locks the row,
-- inserts its batch after it and moves it on in one transaction, so sequence numbers become visible in order.
-- An event's offset is its sequence number.

create table event_hub (
    id integer not null,
    created_at timestamp(6) with time zone not null,
    partition_count integer not null,
    primary key (id)
);

create table event_hub_partition (
    partition_id integer not null,
    next_sequence_number bigint not null,
    last_enqueued_millis bigint not null,
    primary key (partition_id)
);

create table event_hub_event (
    partition_id integer not null,
    sequence_number bigint not null,
    enqueued_millis bigint not null,
    message bytea not null,
    primary key (partition_id, sequence_number)
);

create index event_hub_event_time on event_hub_event (partition_id, enqueued_millis);
