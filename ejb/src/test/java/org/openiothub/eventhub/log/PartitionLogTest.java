package org.openiothub.eventhub.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.eventhub.log.LogFixtures.T0;
import static org.openiothub.eventhub.log.LogFixtures.appendAll;
import static org.openiothub.eventhub.log.LogFixtures.await;
import static org.openiothub.eventhub.log.LogFixtures.event;
import static org.openiothub.eventhub.log.LogFixtures.readAll;
import static org.openiothub.eventhub.log.LogFixtures.smallSegments;
import static org.openiothub.eventhub.log.LogFixtures.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.PartitionState;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.EventHub.StoredEvent;

class PartitionLogTest {

    @TempDir
    Path directory;

    private final LogFixtures.MovableClock clock = new LogFixtures.MovableClock(T0);

    @Test
    void eventsAreNumberedFromZeroWithOffsetsTheirBytePositions() throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1 << 20, clock))) {
            List<AppendedEvent> appended = appendAll(log, 0, 50, T0);
            long offset = 0;
            for (int n = 0; n < 50; n++) {
                assertEquals(n, appended.get(n).sequenceNumber());
                assertEquals(offset, appended.get(n).offset());
                offset += LogRecord.size(event(n).length);
            }
            try (PartitionCursor cursor = log.open(new StartPosition.Earliest())) {
                List<StoredEvent> read = readAll(cursor);
                assertEquals(50, read.size());
                for (int n = 0; n < 50; n++) {
                    assertEquals("event-" + n, text(read.get(n)));
                    assertEquals(appended.get(n).sequenceNumber(), read.get(n).sequenceNumber());
                    assertEquals(appended.get(n).offset(), read.get(n).offset());
                    assertEquals(T0, read.get(n).enqueuedTime());
                }
            }
        }
    }

    @Test
    void groupCommitSharesFsyncsAndCompletesAppendsInOrder() throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1 << 20, clock))) {
            List<Long> completionOrder = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<AppendedEvent>> stages = new ArrayList<>();
            for (int n = 0; n < 2000; n++) {
                stages.add(log.append(event(n), T0).toCompletableFuture()
                        .whenComplete((done, failure) -> completionOrder.add(done.sequenceNumber())));
            }
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (int n = 0; n < 2000; n++) {
                assertEquals(n, completionOrder.get(n));
            }
            assertEquals(2000, log.appended());
            assertTrue(log.forces() < 1000, "2,000 appends queued at once took " + log.forces() + " fsyncs");
        }
    }

    @Test
    void enqueuedTimeNeverGoesBackWithinAPartition() throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1 << 20, clock))) {
            await(log.append(event(0), T0.plusSeconds(10)));
            AppendedEvent late = await(log.append(event(1), T0));
            assertEquals(T0.plusSeconds(10), late.enqueuedTime());
        }
    }

    @Test
    void everyStartPositionFindsItsEvent() throws Exception {
        // Small segments and a small index interval, so that searches cross segments and scan between entries.
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1000, clock))) {
            List<AppendedEvent> appended = new ArrayList<>();
            for (int n = 0; n < 300; n++) {
                appended.add(await(log.append(event(n), T0.plusMillis(10L * n))));
            }
            assertTrue(log.segments().size() > 5);
            AppendedEvent e100 = appended.get(100);

            assertEquals(0, first(log, new StartPosition.Earliest()));
            assertEquals(-1, first(log, new StartPosition.Latest()));
            assertEquals(100, first(log, new StartPosition.AfterOffset(e100.offset(), true)));
            assertEquals(101, first(log, new StartPosition.AfterOffset(e100.offset(), false)));
            assertEquals(101, first(log, new StartPosition.AfterOffset(e100.offset() + 3, true)),
                    "an offset inside a record starts at the next record");
            assertEquals(0, first(log, new StartPosition.AfterOffset(-1, false)), "the SDKs' 'from the start'");
            assertEquals(-1, first(log, new StartPosition.AfterOffset(appended.get(299).offset(), false)));
            assertEquals(-1, first(log, new StartPosition.AfterOffset(Long.MAX_VALUE / 2, false)));
            assertEquals(100, first(log, new StartPosition.AfterSequenceNumber(100, true)));
            assertEquals(101, first(log, new StartPosition.AfterSequenceNumber(100, false)));
            assertEquals(0, first(log, new StartPosition.AfterSequenceNumber(-1, false)));
            assertEquals(-1, first(log, new StartPosition.AfterSequenceNumber(5000, false)));
            assertEquals(101, first(log, new StartPosition.AfterEnqueuedTime(e100.enqueuedTime())));
            assertEquals(101, first(log, new StartPosition.AfterEnqueuedTime(e100.enqueuedTime().plusMillis(9))));
            assertEquals(100, first(log, new StartPosition.AfterEnqueuedTime(e100.enqueuedTime().minusNanos(1))));
            assertEquals(0, first(log, new StartPosition.AfterEnqueuedTime(Instant.EPOCH)));
            assertEquals(-1, first(log, new StartPosition.AfterEnqueuedTime(T0.plusSeconds(3600))));
        }
    }

    /** The sequence number of the first event a reader from {@code start} gets, -1 for none. */
    private static long first(PartitionLog log, StartPosition start) {
        try (PartitionCursor cursor = log.open(start)) {
            List<StoredEvent> events = cursor.next(1);
            return events.isEmpty() ? -1 : events.get(0).sequenceNumber();
        }
    }

    @Test
    void latestReadsOnlyWhatComesAfterItOpened() throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1 << 20, clock))) {
            appendAll(log, 0, 10, T0);
            try (PartitionCursor cursor = log.open(new StartPosition.Latest())) {
                assertTrue(cursor.next(10).isEmpty());
                CountDownLatch told = new CountDownLatch(1);
                cursor.whenAvailable(told::countDown);
                assertEquals(1, told.getCount(), "told of events before there were any");
                appendAll(log, 10, 1, T0);
                assertTrue(told.await(10, TimeUnit.SECONDS));
                assertEquals(List.of("event-10"), cursor.next(10).stream().map(LogFixtures::text).toList());
                CountDownLatch already = new CountDownLatch(1);
                appendAll(log, 11, 1, T0);
                cursor.whenAvailable(already::countDown);
                assertTrue(already.await(10, TimeUnit.SECONDS), "events already there must be told at once");
            }
        }
    }

    @Test
    void readersFollowConcurrentWritersWithoutGapsOrDuplicates() throws Exception {
        int writers = 4;
        int perWriter = 2500;
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(64 * 1024, clock))) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(started(() -> {
                    List<CompletableFuture<AppendedEvent>> stages = new ArrayList<>();
                    for (int n = 0; n < perWriter; n++) {
                        stages.add(log.append(("w" + writer + "-" + n).getBytes(), T0).toCompletableFuture());
                        if (n % 50 == 0) {
                            stages.get(stages.size() - 1).join();
                        }
                    }
                    stages.forEach(CompletableFuture::join);
                }));
            }
            List<List<StoredEvent>> readings = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                List<StoredEvent> reading = Collections.synchronizedList(new ArrayList<>());
                readings.add(reading);
                readers.add(started(() -> {
                    try (PartitionCursor cursor = log.open(new StartPosition.Earliest())) {
                        while (reading.size() < writers * perWriter) {
                            List<StoredEvent> page = cursor.next(64);
                            if (page.isEmpty()) {
                                CountDownLatch more = new CountDownLatch(1);
                                cursor.whenAvailable(more::countDown);
                                more.await(10, TimeUnit.SECONDS);
                            }
                            reading.addAll(page);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join(60_000);
            }
            for (Thread reader : readers) {
                reader.join(60_000);
            }
            assertTrue(log.segments().size() > 1, "the test is meant to roll segments while reading");
            for (List<StoredEvent> reading : readings) {
                assertEquals(writers * perWriter, reading.size());
                int[] nextOfWriter = new int[writers];
                for (int i = 0; i < reading.size(); i++) {
                    StoredEvent event = reading.get(i);
                    assertEquals(i, event.sequenceNumber());
                    String[] parts = text(event).substring(1).split("-");
                    int writer = Integer.parseInt(parts[0]);
                    assertEquals(nextOfWriter[writer]++, Integer.parseInt(parts[1]), "a writer's events in its order");
                }
            }
        }
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    @Test
    void segmentsRollAtTheirSizeAndAreNamedByBaseOffset() throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1000, clock))) {
            List<AppendedEvent> appended = appendAll(log, 0, 200, T0);
            List<Segment> segments = log.segments();
            assertTrue(segments.size() >= 6, segments.size() + " segments");
            for (Segment segment : segments) {
                assertTrue(Files.size(segment.file()) <= 1000);
                assertEquals(String.format("%020d.log", segment.baseOffset()), segment.file().getFileName().toString());
            }
            for (int i = 1; i < segments.size(); i++) {
                assertEquals(segments.get(i - 1).durableEndOffset(), segments.get(i).baseOffset());
            }
            try (PartitionCursor cursor = log.open(new StartPosition.Earliest())) {
                List<StoredEvent> read = readAll(cursor);
                assertEquals(appended.stream().map(AppendedEvent::offset).toList(),
                        read.stream().map(StoredEvent::offset).toList());
            }
        }
        try (PartitionLog reopened = PartitionLog.open(0, directory, smallSegments(1000, clock));
                PartitionCursor cursor = reopened.open(new StartPosition.Earliest())) {
            assertEquals(200, readAll(cursor).size());
            assertEquals(200, await(reopened.append(event(200), T0)).sequenceNumber());
        }
    }

    @Test
    void retentionDeletesWholeExpiredSegmentsButNeverTheActiveOne() throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1000, clock))) {
            appendAll(log, 0, 200, T0);
            int segmentsBefore = log.segments().size();
            PartitionCursor behind = log.open(new StartPosition.Earliest());
            assertEquals(0, behind.next(1).get(0).sequenceNumber());

            assertEquals(0, await(log.deleteExpiredSegments()), "nothing is older than a day yet");
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            appendAll(log, 200, 5, clock.instant());
            int deleted = await(log.deleteExpiredSegments());

            assertTrue(deleted >= segmentsBefore - 1, deleted + " of " + segmentsBefore + " deleted");
            try (Stream<Path> files = Files.list(directory)) {
                assertEquals(log.segments().size(), files.count());
            }
            PartitionState state = log.state();
            assertTrue(state.beginSequenceNumber() > 0);
            assertEquals(204, state.lastEnqueuedSequenceNumber());
            List<StoredEvent> rest = readAll(behind);
            assertEquals(state.beginSequenceNumber(), rest.get(0).sequenceNumber(),
                    "a reader in a deleted segment goes on at the new beginning");
            assertEquals(204, rest.get(rest.size() - 1).sequenceNumber());
            behind.close();

            clock.advance(Duration.ofDays(2));
            await(log.deleteExpiredSegments());
            assertFalse(log.state().empty(), "the active segment stays whatever its age");
        }
    }

    @Test
    void stateOfAnEmptyAndOfAWrittenPartition() throws Exception {
        try (PartitionLog log = PartitionLog.open(3, directory, smallSegments(1000, clock))) {
            assertEquals(new PartitionState(3, 0, -1, -1, Instant.EPOCH, true), log.state());
            List<AppendedEvent> appended = appendAll(log, 0, 30, T0);
            AppendedEvent last = appended.get(29);
            assertEquals(new PartitionState(3, 0, 29, last.offset(), T0, false), log.state());
        }
    }

    @Test
    void aMessageOverTheRecordLimitIsRefused() throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1000, clock))) {
            assertThrows(IllegalArgumentException.class,
                    () -> log.append(new byte[LogRecord.MAX_MESSAGE_BYTES + 1], T0));
            byte[] large = new byte[LogRecord.MAX_MESSAGE_BYTES];
            large[large.length - 1] = 7;
            await(log.append(large, T0));
            try (PartitionCursor cursor = log.open(new StartPosition.Earliest())) {
                assertEquals(7, cursor.next(1).get(0).message()[large.length - 1]);
            }
        }
    }
}
