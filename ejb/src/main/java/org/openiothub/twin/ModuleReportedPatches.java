package org.openiothub.twin;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.openiothub.registry.ModuleKey;

/**
 * Writes modules' reported-properties patches off the caller's thread (an event loop), one transaction each: modules
 * are few next to devices, so they are not group-committed as {@link ReportedPatchBatches} does for devices. Patches
 * of one module are written one after the other in the order submitted, as a module sends them.
 */
@ApplicationScoped
public class ModuleReportedPatches {

    @Inject
    ModuleTwins twins;

    @Resource
    ManagedExecutorService executor;

    /** The last patch submitted per module ({@link ModuleKey}), while it is not written yet. */
    private final Map<String, CompletableFuture<Long>> tails = new ConcurrentHashMap<>();

    /**
     * Queues a checked patch behind the module's earlier ones; returns at once.
     *
     * @return completed with the reported properties' new {@code $version} once committed, or exceptionally as
     *         {@link ModuleTwins#patchReported} throws
     */
    public CompletionStage<Long> submit(String deviceId, String moduleId, JsonObject patch, Long expectedVersion) {
        return submit(ModuleKey.of(deviceId, moduleId), () -> twins.patchReported(deviceId, moduleId, patch, expectedVersion),
                executor);
    }

    /** Runs {@code write} on {@code executor} after the write submitted before it under the same key finished. */
    CompletableFuture<Long> submit(String key, Supplier<Long> write, Executor executor) {
        CompletableFuture<Long> next = tails.compute(key, (k, previous) ->
                (previous == null ? CompletableFuture.<Long>completedFuture(null) : previous)
                        .handle((result, failure) -> (Void) null)
                        .thenApplyAsync(ignored -> write.get(), executor));
        next.whenComplete((result, failure) -> tails.remove(key, next));
        return next;
    }

    /** Modules with a patch not written yet. */
    int pending() {
        return tails.size();
    }
}
