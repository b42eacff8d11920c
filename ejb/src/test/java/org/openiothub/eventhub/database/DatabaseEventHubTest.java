package org.openiothub.eventhub.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.PartitionState;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.EventHub.StoredEvent;
import org.openiothub.eventhub.PartitionOf;

/** The Event Hub kept in the database, on an in-memory H2 database with the hub's own migration. */
class DatabaseEventHubTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private JdbcDataSource dataSource;

    @BeforeEach
    void database() throws SQLException, IOException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (InputStream script = getClass().getResourceAsStream("/db/migration/V7__event_hub.sql");
                Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : new String(script.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                String withoutComments = sql.replaceAll("(?m)^--.*$", "").trim();
                if (!withoutComments.isEmpty()) {
                    statement.execute(withoutComments);
                }
            }
        }
    }

    @Test
    void aDevicesEventsGoToItsPartitionInOrderNumberedFromZero() throws Exception {
        try (DatabaseEventHub hub = open(4, Clock.fixed(T0, ZoneOffset.UTC))) {
            List<CompletableFuture<?>> stored = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                for (String device : List.of("alpha", "bravo", "charlie", "delta", "echo")) {
                    stored.add(hub.append(device, bytes(device + "-" + n), T0).toCompletableFuture());
                }
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            int total = 0;
            for (int p = 0; p < 4; p++) {
                List<StoredEvent> events = readAll(hub, p, new StartPosition.Earliest());
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(i, events.get(i).sequenceNumber());
                    assertEquals(i, events.get(i).offset());
                    assertEquals(p, PartitionOf.device(text(events.get(i)).split("-")[0], 4));
                }
                total += events.size();
                PartitionState state = hub.partition(p);
                assertEquals(events.isEmpty(), state.empty());
                assertEquals(events.size() - 1, state.lastEnqueuedSequenceNumber());
            }
            assertEquals(250, total);
            List<String> alpha = readAll(hub, PartitionOf.device("alpha", 4), new StartPosition.Earliest()).stream()
                    .map(DatabaseEventHubTest::text).filter(text -> text.startsWith("alpha-")).toList();
            for (int n = 0; n < 50; n++) {
                assertEquals("alpha-" + n, alpha.get(n));
            }
        }
    }

    @Test
    void twoNodesAppendingToOnePartitionGiveOneGaplessOrder() throws Exception {
        try (DatabaseEventHub first = open(2, Clock.systemUTC()); DatabaseEventHub second = open(2, Clock.systemUTC())) {
            String device = "shared";
            int partition = PartitionOf.device(device, 2);
            List<CompletableFuture<?>> stored = new ArrayList<>();
            for (int n = 0; n < 1_000; n++) {
                DatabaseEventHub node = n % 2 == 0 ? first : second;
                stored.add(node.append(device, bytes((n % 2 == 0 ? "a" : "b") + n), Instant.now()).toCompletableFuture());
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<StoredEvent> events = readAll(second, partition, new StartPosition.Earliest());
            assertEquals(1_000, events.size());
            Map<Character, Integer> lastOfNode = new TreeMap<>();
            Instant previous = Instant.MIN;
            for (int i = 0; i < events.size(); i++) {
                StoredEvent event = events.get(i);
                assertEquals(i, event.sequenceNumber());
                assertTrue(!event.enqueuedTime().isBefore(previous), "enqueued times never go back");
                previous = event.enqueuedTime();
                String text = text(event);
                int n = Integer.parseInt(text.substring(1));
                Integer last = lastOfNode.put(text.charAt(0), n);
                assertTrue(last == null || last < n, "each node's events in the order it appended them: " + text);
            }
        }
    }

    @Test
    void aReaderOnOneNodeIsWokenByEventsAnotherNodeAppends() throws Exception {
        try (DatabaseEventHub writer = open(2, Clock.systemUTC()); DatabaseEventHub reader = open(2, Clock.systemUTC())) {
            int partition = PartitionOf.device("dev", 2);
            try (PartitionCursor cursor = reader.open(partition, new StartPosition.Latest())) {
                assertEquals(List.of(), cursor.next(10));
                CountDownLatch woken = new CountDownLatch(1);
                cursor.whenAvailable(woken::countDown);
                assertEquals(1, woken.getCount(), "nothing to read yet");
                writer.append("dev", bytes("hello"), Instant.now()).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertTrue(woken.await(5, TimeUnit.SECONDS), "woken by the other node's event");
                List<StoredEvent> events = cursor.next(10);
                assertEquals(List.of("hello"), events.stream().map(DatabaseEventHubTest::text).toList());
            }
        }
    }

    @Test
    void readersStartWhereTheirFilterSays() throws Exception {
        try (DatabaseEventHub hub = open(2, Clock.systemUTC())) {
            int partition = PartitionOf.device("dev", 2);
            for (int n = 0; n < 10; n++) {
                hub.append("dev", bytes("e" + n), T0.plusSeconds(n)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertEquals(List.of("e4", "e5"), texts(hub, partition, new StartPosition.AfterSequenceNumber(3, false), 2));
            assertEquals(List.of("e3", "e4"), texts(hub, partition, new StartPosition.AfterSequenceNumber(3, true), 2));
            assertEquals(List.of("e8", "e9"), texts(hub, partition, new StartPosition.AfterOffset(7, false), 2));
            assertEquals(List.of("e6"), texts(hub, partition, new StartPosition.AfterEnqueuedTime(T0.plusMillis(5_500)), 1));
            assertEquals(List.of("e6"), texts(hub, partition, new StartPosition.AfterEnqueuedTime(T0.plusSeconds(5)), 1));
            assertEquals(List.of(), texts(hub, partition, new StartPosition.AfterEnqueuedTime(T0.plusSeconds(60)), 5));
            assertEquals(List.of(), texts(hub, partition, new StartPosition.Latest(), 5));
        }
    }

    @Test
    void retentionDeletesOldEventsAndReadersGoOnAtTheOldestLeft() throws Exception {
        Instant now = T0.plus(DAY).plusSeconds(30);
        try (DatabaseEventHub hub = open(2, Clock.fixed(now, ZoneOffset.UTC))) {
            int partition = PartitionOf.device("dev", 2);
            for (int n = 0; n < 10; n++) {
                hub.append("dev", bytes("e" + n), T0.plusSeconds(10L * n)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            hub.expire();
            PartitionState state = hub.partition(partition);
            assertEquals(3, state.beginSequenceNumber(), "events at T0, T0+10s and T0+20s are older than a day");
            assertEquals(9, state.lastEnqueuedSequenceNumber());
            assertEquals(List.of("e3", "e4"), texts(hub, partition, new StartPosition.Earliest(), 2));
        }
    }

    @Test
    void anEmptyPartitionAndAnotherPartitionCountAreAnsweredAsTheLocalLogDoes() throws Exception {
        try (DatabaseEventHub hub = open(4, Clock.fixed(T0, ZoneOffset.UTC))) {
            PartitionState state = hub.partition(1);
            assertTrue(state.empty());
            assertEquals(-1, state.lastEnqueuedSequenceNumber());
            assertEquals(T0, hub.createdAt());
            assertThrows(IllegalArgumentException.class, () -> hub.partition(4));
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(8, Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("has 4 partitions"), refused.getMessage());
    }

    private DatabaseEventHub open(int partitions, Clock clock) throws SQLException {
        return DatabaseEventHub.open(dataSource, "hub", partitions, DAY, clock);
    }

    private static List<StoredEvent> readAll(DatabaseEventHub hub, int partition, StartPosition start) {
        List<StoredEvent> all = new ArrayList<>();
        try (PartitionCursor cursor = hub.open(partition, start)) {
            List<StoredEvent> next;
            while (!(next = cursor.next(64)).isEmpty()) {
                all.addAll(next);
            }
        }
        return all;
    }

    private static List<String> texts(DatabaseEventHub hub, int partition, StartPosition start, int max) {
        try (PartitionCursor cursor = hub.open(partition, start)) {
            return cursor.next(max).stream().map(DatabaseEventHubTest::text).toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(StoredEvent event) {
        return new String(event.message(), StandardCharsets.UTF_8);
    }
}
