package org.openiothub.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/** Group commit: order, outcomes per patch, and a batch the database refuses written again patch by patch. */
class ReportedPatchBatchesTest {

    private final List<List<String>> writes = new ArrayList<>();
    private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
    private final ReportedPatchBatches batches = new ReportedPatchBatches();

    /** Fails any batch holding device "bad"; alone, "bad" fails as the container reports a refusal it rolled back. */
    private final class FakeWriter extends ReportedPatchWriter {
        @Override
        public List<ReportedPatch.Outcome> write(List<ReportedPatch> batch) {
            List<String> ids = batch.stream().map(ReportedPatch::deviceId).toList();
            synchronized (writes) {
                writes.add(ids);
            }
            if (writes.size() == 1) {
                await(firstWriteMayEnd);
            }
            if (ids.contains("bad")) {
                throw ids.size() == 1
                        ? new IllegalStateException("rolled back", new HubException(ErrorCode.ARGUMENT_INVALID, "bad patch"))
                        : new IllegalStateException("the database refused the batch");
            }
            return batch.stream().map(patch -> patch.deviceId().equals("stale")
                    ? ReportedPatch.Outcome.refused(new HubException(ErrorCode.PRECONDITION_FAILED, "stale"))
                    : ReportedPatch.Outcome.written(patch.expectedVersion() == null ? 2 : patch.expectedVersion() + 1)).toList();
        }
    }

    ReportedPatchBatchesTest() {
        batches.writer = new FakeWriter();
        batches.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
                return new Thread(task);
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @AfterEach
    void stop() {
        firstWriteMayEnd.countDown();
        batches.stop();
    }

    private CompletableFuture<Long> submit(String deviceId, Long expectedVersion) {
        return batches.submit(deviceId, JsonValue.EMPTY_JSON_OBJECT, expectedVersion).toCompletableFuture();
    }

    @Test
    void patchesThatWaitedAreWrittenTogetherInOrderEachWithItsOutcome() throws Exception {
        CompletableFuture<Long> first = submit("a", 1L);
        awaitWrites(1);
        CompletableFuture<Long> second = submit("a", 2L);
        CompletableFuture<Long> stale = submit("stale", 5L);
        CompletableFuture<Long> third = submit("b", 7L);
        firstWriteMayEnd.countDown();

        assertEquals(2L, first.get(10, TimeUnit.SECONDS));
        assertEquals(3L, second.get(10, TimeUnit.SECONDS));
        assertEquals(8L, third.get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.PRECONDITION_FAILED, refusal(stale).errorCode());
        assertEquals(List.of(List.of("a"), List.of("a", "stale", "b")), writes);
    }

    @Test
    void aBatchTheDatabaseRefusesIsWrittenAgainPatchByPatchSoOnlyTheBadOneFails() throws Exception {
        CompletableFuture<Long> first = submit("a", 1L);
        awaitWrites(1);
        CompletableFuture<Long> before = submit("b", 1L);
        CompletableFuture<Long> bad = submit("bad", 1L);
        CompletableFuture<Long> after = submit("c", 3L);
        firstWriteMayEnd.countDown();

        assertEquals(2L, first.get(10, TimeUnit.SECONDS));
        assertEquals(2L, before.get(10, TimeUnit.SECONDS));
        assertEquals(4L, after.get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal(bad).errorCode(), "the refusal reaches the device as itself");
        assertEquals(List.of(List.of("a"), List.of("b", "bad", "c"), List.of("b"), List.of("bad"), List.of("c")), writes);
    }

    @Test
    void aPatchSubmittedWhileStoppingIsRefused() {
        batches.stop();
        CompletableFuture<Long> late = submit("a", null);
        assertEquals(ErrorCode.SERVER_ERROR, refusal(late).errorCode());
        assertTrue(writes.isEmpty());
    }

    private void awaitWrites(int count) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            synchronized (writes) {
                if (writes.size() >= count) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the writer did not start");
    }

    private static HubException refusal(CompletableFuture<Long> stage) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> stage.get(10, TimeUnit.SECONDS));
        assertSame(HubException.class, e.getCause().getClass());
        return (HubException) e.getCause();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
