package org.openiothub.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.openiothub.errors.HubException;

class ModuleReportedPatchesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ModuleReportedPatches patches = new ModuleReportedPatches();
    private final List<String> written = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private CompletableFuture<Long> submit(String module, String name, long version, CountDownLatch holdUntil) {
        return patches.submit(module, () -> {
            try {
                holdUntil.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(name);
            return version;
        }, pool);
    }

    @Test
    void patchesOfOneModuleAreWrittenInTheOrderSubmitted() throws Exception {
        CountDownLatch slowFirst = new CountDownLatch(1);
        CompletableFuture<Long> first = submit("d/m", "first", 2, slowFirst);
        CompletableFuture<Long> second = submit("d/m", "second", 3, new CountDownLatch(0));
        Thread.sleep(100);
        assertEquals(List.of(), written, "the second waits for the first, though threads are free");
        slowFirst.countDown();
        assertEquals(3L, second.get(5, TimeUnit.SECONDS));
        assertEquals(2L, first.get());
        assertEquals(List.of("first", "second"), written);
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        assertEquals(0, patches.pending(), "nothing is kept once written");
    }

    @Test
    void anotherModuleDoesNotWait() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Long> blocked = submit("d/m1", "m1", 2, held);
        assertEquals(2L, submit("d/m2", "m2", 2, new CountDownLatch(0)).get(5, TimeUnit.SECONDS));
        held.countDown();
        blocked.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("m2", "m1"), written);
    }

    @Test
    void aRefusedPatchFailsAloneAndTheNextIsWritten() throws Exception {
        CompletableFuture<Long> refused = patches.submit("d/m", () -> {
            throw HubException.invalid("too big");
        }, pool);
        CompletableFuture<Long> next = submit("d/m", "next", 2, new CountDownLatch(0));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
        assertEquals(HubException.class, failure.getCause().getClass());
        assertEquals(2L, next.get(5, TimeUnit.SECONDS));
    }
}
