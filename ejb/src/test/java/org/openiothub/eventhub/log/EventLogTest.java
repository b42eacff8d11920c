package org.openiothub.eventhub.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.eventhub.log.LogFixtures.T0;
import static org.openiothub.eventhub.log.LogFixtures.await;
import static org.openiothub.eventhub.log.LogFixtures.readAll;
import static org.openiothub.eventhub.log.LogFixtures.smallSegments;
import static org.openiothub.eventhub.log.LogFixtures.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.EventHub.StoredEvent;
import org.openiothub.eventhub.PartitionOf;

class EventLogTest {

    @TempDir
    Path root;

    private final LogFixtures.MovableClock clock = new LogFixtures.MovableClock(T0);

    @Test
    void aDevicesEventsGoToItsPartitionInOrder() throws Exception {
        try (EventLog hub = EventLog.open(root, "hub", 4, smallSegments(1 << 20, clock))) {
            for (int n = 0; n < 20; n++) {
                for (String device : List.of("alpha", "bravo", "charlie", "delta", "echo")) {
                    AppendedEvent appended = await(hub.append(device, (device + "-" + n).getBytes(StandardCharsets.UTF_8), T0));
                    assertEquals(PartitionOf.device(device, 4), appended.partition());
                }
            }
            int total = 0;
            for (int p = 0; p < 4; p++) {
                try (PartitionCursor cursor = hub.open(p, new StartPosition.Earliest())) {
                    List<StoredEvent> events = readAll(cursor);
                    total += events.size();
                    for (StoredEvent event : events) {
                        assertEquals(p, PartitionOf.device(text(event).split("-")[0], 4));
                    }
                }
            }
            assertEquals(100, total);
            try (PartitionCursor cursor = hub.open(PartitionOf.device("alpha", 4), new StartPosition.Earliest())) {
                List<String> alpha = readAll(cursor).stream().map(LogFixtures::text)
                        .filter(text -> text.startsWith("alpha-")).toList();
                for (int n = 0; n < 20; n++) {
                    assertEquals("alpha-" + n, alpha.get(n));
                }
            }
        }
    }

    @Test
    void theMetadataSurvivesAReopen() throws Exception {
        try (EventLog hub = EventLog.open(root, "hub", 4, smallSegments(1 << 20, clock))) {
            assertEquals(T0, hub.createdAt());
            await(hub.append("alpha", new byte[] {1}, T0));
        }
        clock.advance(java.time.Duration.ofHours(5));
        try (EventLog hub = EventLog.open(root, "hub", 4, smallSegments(1 << 20, clock))) {
            assertEquals(T0, hub.createdAt());
            assertEquals("hub", hub.name());
            assertEquals(4, hub.partitionCount());
            assertEquals(0, hub.partition(PartitionOf.device("alpha", 4)).lastEnqueuedSequenceNumber());
        }
    }

    @Test
    void reopeningWithAnotherPartitionCountFails() throws Exception {
        EventLog.open(root, "hub", 4, smallSegments(1 << 20, clock)).close();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> EventLog.open(root, "hub", 8, smallSegments(1 << 20, clock)));
        assertTrue(refused.getMessage().contains("has 4 partitions, not the 8 configured"), refused.getMessage());
    }

    @Test
    void aPartitionCountOutsideIotHubsBoundsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventLog.open(root, "hub", 1, smallSegments(1000, clock)));
        assertThrows(IllegalArgumentException.class, () -> EventLog.open(root, "hub", 33, smallSegments(1000, clock)));
    }

    @Test
    void aPartitionOutOfRangeIsRefused() throws Exception {
        try (EventLog hub = EventLog.open(root, "hub", 2, smallSegments(1000, clock))) {
            assertThrows(IllegalArgumentException.class, () -> hub.open(2, new StartPosition.Earliest()));
            assertThrows(IllegalArgumentException.class, () -> hub.partition(-1));
        }
    }
}
