package org.openiothub.eventhub.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openiothub.eventhub.log.LogFixtures.T0;
import static org.openiothub.eventhub.log.LogFixtures.appendAll;
import static org.openiothub.eventhub.log.LogFixtures.await;
import static org.openiothub.eventhub.log.LogFixtures.event;
import static org.openiothub.eventhub.log.LogFixtures.readAll;
import static org.openiothub.eventhub.log.LogFixtures.smallSegments;
import static org.openiothub.eventhub.log.LogFixtures.text;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.eventhub.EventHub.StoredEvent;

/**
 * A crash leaves at most a torn last write (never acknowledged) at the end of the newest segment. Each test writes a
 * log, damages its tail as a crash or a bad disk could, reopens it, and checks that everything before the damage is
 * there and appends go on after it.
 */
class PartitionLogRecoveryTest {

    @TempDir
    Path directory;

    private final LogFixtures.MovableClock clock = new LogFixtures.MovableClock(T0);

    @Test
    void aTailCutShortIsTruncatedAway() throws Exception {
        Path newest = writeLog(100);
        try (FileChannel file = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            file.truncate(file.size() - 3);
        }
        assertRecoveredWith(99);
    }

    @Test
    void aTailCutInsideTheHeaderIsTruncatedAway() throws Exception {
        Path newest = writeLog(100);
        long lastRecord = lastOffsetInFile(newest);
        try (FileChannel file = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            file.truncate(lastRecord + 5);
        }
        assertRecoveredWith(99);
    }

    @Test
    void aScribbledLastRecordFailsItsCrcAndIsTruncatedAway() throws Exception {
        Path newest = writeLog(100);
        try (FileChannel file = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {'X', 'X'}), file.size() - 4);
        }
        assertRecoveredWith(99);
    }

    @Test
    void zerosAfterTheLastRecordAreTruncatedAway() throws Exception {
        // What a file system can leave when it grew the file but the data never reached the disk.
        Path newest = writeLog(100);
        try (FileChannel file = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4096), file.size());
        }
        assertRecoveredWith(100);
    }

    @Test
    void garbageAfterTheLastRecordIsTruncatedAway() throws Exception {
        Path newest = writeLog(100);
        byte[] garbage = new byte[300];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        garbage[0] = 0x45;
        garbage[1] = 0x48;
        garbage[2] = 1;
        try (FileChannel file = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(garbage), file.size());
        }
        assertRecoveredWith(100);
    }

    /** Writes {@code count} events over several segments, closes the log, and returns the newest segment. */
    private Path writeLog(int count) throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1000, clock))) {
            appendAll(log, 0, count, T0);
            List<Segment> segments = log.segments();
            return segments.get(segments.size() - 1).file();
        }
    }

    private long lastOffsetInFile(Path segment) throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1000, clock))) {
            return log.state().lastEnqueuedOffset() - Segment.baseOffsetOf(segment);
        }
    }

    private void assertRecoveredWith(int intact) throws Exception {
        try (PartitionLog log = PartitionLog.open(0, directory, smallSegments(1000, clock))) {
            Segment newest = log.segments().get(log.segments().size() - 1);
            assertEquals(newest.durableSize(), Files.size(newest.file()), "the damaged tail is cut off the file");
            try (PartitionCursor cursor = log.open(new StartPosition.Earliest())) {
                List<StoredEvent> read = readAll(cursor);
                assertEquals(intact, read.size());
                for (int n = 0; n < intact; n++) {
                    assertEquals(n, read.get(n).sequenceNumber());
                    assertEquals("event-" + n, text(read.get(n)));
                }
            }
            AppendedEvent next = await(log.append(event(intact), T0));
            assertEquals(intact, next.sequenceNumber());
            try (PartitionCursor cursor = log.open(new StartPosition.AfterSequenceNumber(intact - 1, false))) {
                assertEquals("event-" + intact, text(cursor.next(10).get(0)));
            }
        }
        try (PartitionLog reopened = PartitionLog.open(0, directory, smallSegments(1000, clock));
                PartitionCursor cursor = reopened.open(new StartPosition.Earliest())) {
            assertEquals(intact + 1, readAll(cursor).size(), "the log is whole after the append that followed");
        }
    }
}
