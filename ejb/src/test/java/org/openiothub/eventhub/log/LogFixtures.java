package org.openiothub.eventhub.log;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.openiothub.eventhub.EventHub.PartitionCursor;
import org.openiothub.eventhub.EventHub.StoredEvent;

/** What the event log tests share: settings with small segments, a clock they move, and reading everything. */
final class LogFixtures {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private LogFixtures() {
    }

    static LogSettings smallSegments(long segmentBytes, Clock clock) {
        return new LogSettings(segmentBytes, Duration.ofDays(1), Duration.ofHours(1), 256, 4 * 1024 * 1024, clock);
    }

    static byte[] event(long n) {
        return ("event-" + n).getBytes(StandardCharsets.UTF_8);
    }

    static String text(StoredEvent event) {
        return new String(event.message(), StandardCharsets.UTF_8);
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Appends {@code count} events "event-<from>".. at the given time, waiting for all. */
    static List<AppendedEvent> appendAll(PartitionLog log, long from, int count, Instant time) throws Exception {
        List<CompletableFuture<AppendedEvent>> stages = new ArrayList<>();
        for (long n = from; n < from + count; n++) {
            stages.add(log.append(event(n), time).toCompletableFuture());
        }
        List<AppendedEvent> appended = new ArrayList<>();
        for (CompletableFuture<AppendedEvent> stage : stages) {
            appended.add(stage.get(30, TimeUnit.SECONDS));
        }
        return appended;
    }

    static List<StoredEvent> readAll(PartitionCursor cursor) {
        List<StoredEvent> all = new ArrayList<>();
        List<StoredEvent> page;
        while (!(page = cursor.next(100)).isEmpty()) {
            all.addAll(page);
        }
        return all;
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
