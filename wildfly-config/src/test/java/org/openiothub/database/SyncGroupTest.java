package org.openiothub.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SyncGroupTest {

    private final SyncGroup group = new SyncGroup();

    @Test
    void aLoneCommitRunsItsOwnSync() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        group.awaitSynced(runs::incrementAndGet);
        group.awaitSynced(runs::incrementAndGet);
        assertEquals(2, runs.get());
        assertEquals(2, group.syncs());
    }

    @Test
    void everyCallerReturnsOnlyAfterASyncThatStartedAfterItsCommit() throws Exception {
        // A commit is "written" when its number is taken; a sync makes durable what was written when it started.
        AtomicLong written = new AtomicLong();
        AtomicLong durable = new AtomicLong();
        SyncGroup.Sync sync = () -> {
            long upTo = written.get();
            sleep(2);
            durable.accumulateAndGet(upTo, Math::max);
        };
        ExecutorService committers = Executors.newFixedThreadPool(16);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            results.add(committers.submit(() -> {
                long mine = written.incrementAndGet();
                group.awaitSynced(sync);
                return durable.get() >= mine;
            }));
        }
        for (Future<Boolean> result : results) {
            assertTrue(result.get(30, TimeUnit.SECONDS), "a caller returned before its commit was synced");
        }
        committers.shutdown();
        assertTrue(group.syncs() < 1_000, "concurrent commits should share syncs, ran " + group.syncs());
    }

    @Test
    void aFailedSyncFailsItsCallerAndTheWaitingOnesRunTheirOwn() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch waiterQueued = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        SyncGroup.Sync sync = () -> {
            if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                await(waiterQueued);
                throw new SQLException("disk full");
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<?> failing = threads.submit(() -> {
            group.awaitSynced(sync);
            return null;
        });
        await(firstStarted);
        Future<?> waiting = threads.submit(() -> {
            waiterQueued.countDown();
            group.awaitSynced(sync);
            return null;
        });
        Exception failure = assertThrows(Exception.class, () -> failing.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof SQLException);
        waiting.get(10, TimeUnit.SECONDS);
        assertEquals(2, runs.get());
        assertEquals(1, group.syncs());
        threads.shutdown();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
