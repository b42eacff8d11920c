package org.openiothub.twin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.jboss.logging.Logger;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Group commit of devices' reported-properties patches: patches queue here from any number of connections, and one
 * writer thread takes all that wait (up to {@link #MAX_BATCH}) into one transaction ({@link ReportedPatchWriter})
 * while the next batch gathers. One commit then serves hundreds of devices, where a transaction per patch made the
 * database's per-transaction cost the limit, and several patches of one device in a batch cost one write of its twin.
 *
 * <p>Order: patches are written in the order they were submitted, so two patches of one device commit in the order
 * the device sent them, and their stages complete in that order, on the writer thread. Isolation: a patch refused
 * (unknown device, {@code $version} mismatch, over the size limit) fails alone; when a batch fails in the database,
 * each of its patches is retried in a transaction of its own, so a patch that breaks the database fails alone too.
 */
@ApplicationScoped
public class ReportedPatchBatches {

    private static final Logger LOG = Logger.getLogger(ReportedPatchBatches.class);

    /**
     * Patches per transaction at most: enough for a commit to take every patch of a thousand devices with several in
     * flight each, so that a device's patches share one write of its twin and index rows.
     */
    static final int MAX_BATCH = 4096;

    /** Patches waiting at most; beyond, devices are told to slow down. */
    static final int MAX_WAITING = 50_000;

    @Inject
    ReportedPatchWriter writer;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threads;

    private final BlockingQueue<ReportedPatch> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private Thread writerThread;
    private volatile boolean stopping;

    /**
     * Queues a checked patch; returns at once.
     *
     * @return completed with the reported properties' new {@code $version} once committed, or exceptionally with a
     *         {@link HubException} ({@code Throttled} when too many patches wait, {@code DeviceNotFound},
     *         {@code PreconditionFailed}, {@code ArgumentInvalid}), or another exception when the database failed
     */
    public CompletionStage<Long> submit(String deviceId, JsonObject patch, Long expectedVersion) {
        startWriter();
        ReportedPatch queued = new ReportedPatch(deviceId, patch, expectedVersion, new CompletableFuture<>());
        if (stopping) {
            queued.committed().completeExceptionally(stoppingRefusal());
        } else if (!waiting.offer(queued)) {
            queued.committed().completeExceptionally(new HubException(ErrorCode.THROTTLING,
                    "More than " + MAX_WAITING + " reported-property patches are waiting to be written; try again later."));
        }
        return queued.committed();
    }

    private synchronized void startWriter() {
        if (writerThread == null && !stopping) {
            writerThread = threads.newThread(this::writeUntilStopped);
            writerThread.setName("twin-reported-writer");
            writerThread.start();
        }
    }

    @PreDestroy
    void stop() {
        Thread thread;
        synchronized (this) {
            stopping = true;
            thread = writerThread;
        }
        if (thread != null) {
            // Not interrupted: an interrupt during file I/O would close the database's file channel.
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ReportedPatch> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(patch -> patch.committed().completeExceptionally(stoppingRefusal()));
    }

    private void writeUntilStopped() {
        List<ReportedPatch> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping) {
            try {
                ReportedPatch first = waiting.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // write() completes every stage it is given; this keeps the writer alive whatever else happens
                LOG.errorf(e, "Writing a batch of %d reported-property patches failed", batch.size());
                batch.forEach(patch -> patch.committed().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<ReportedPatch> batch) {
        List<ReportedPatch.Outcome> outcomes;
        try {
            outcomes = writer.write(batch);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).committed().completeExceptionally(unwrapped(e));
                return;
            }
            LOG.debugf("A batch of %d reported-property patches failed (%s); writing them one by one", batch.size(), e);
            for (ReportedPatch patch : batch) {
                write(List.of(patch));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            ReportedPatch.Outcome outcome = outcomes.get(i);
            if (outcome.refusal() == null) {
                batch.get(i).committed().complete(outcome.version());
            } else {
                batch.get(i).committed().completeExceptionally(outcome.refusal());
            }
        }
    }

    /** A {@link HubException} thrown in the writer reaches the device as itself, not wrapped by the container. */
    private static RuntimeException unwrapped(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HubException hub) {
                return hub;
            }
        }
        return e;
    }

    private static HubException stoppingRefusal() {
        return new HubException(ErrorCode.SERVER_ERROR, "The hub is stopping; the patch was not written.");
    }
}
