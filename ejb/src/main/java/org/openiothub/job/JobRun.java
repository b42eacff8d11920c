package org.openiothub.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.method.MethodInvocation;
import org.openiothub.twin.TwinUpdate;

/**
 * One run of one job on this node, from its claim to its end: selects the devices once (or picks up the records
 * a previous run left), then gives each device its turn at the throttle's pace, a batch at a time. Between
 * devices it renews its lease, which also tells it when the job was cancelled, and watches the job's deadline.
 * Method calls and twin updates run asynchronously, at most {@link JobSettings#maxCallsInFlight()} at once.
 */
final class JobRun {

    /** Devices written per transaction while selecting. */
    private static final int SELECTION_BATCH = 500;
    private static final long RENEW_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String jobId;
    private final JobRunner runner;
    private final JpaScheduledJobs store;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private Optional<Instant> deadline = Optional.empty();
    private long lastRenewal = System.nanoTime();

    JobRun(String jobId, JobRunner runner) {
        this.jobId = jobId;
        this.runner = runner;
        this.store = runner.store;
        this.maxInFlight = runner.settings().maxCallsInFlight();
        this.inFlight = new Semaphore(maxInFlight);
    }

    void run() {
        try {
            ScheduledJob job = store.find(jobId).orElse(null);
            if (job == null) {
                return;
            }
            deadline = job.deadline();
            prepare(job);
            Optional<JobStatus> end = work(job);
            if (end.isPresent()) {
                finish(end.get(), null);
            }
        } catch (RuntimeException e) {
            if (runner.stopping()) {
                return;
            }
            ScheduledJobLogger.LOG.failed(jobId, String.valueOf(e.getMessage()));
            finish(JobStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void prepare(ScheduledJob job) {
        if (job.devicesResolved()) {
            int interrupted = store.requeueInterrupted(jobId);
            ScheduledJobLogger.LOG.resumed(jobId, store.statistics(jobId).pendingCount(), interrupted);
            return;
        }
        store.forgetDevices(jobId);
        List<String> deviceIds = runner.selection.deviceIdsWhere(job.queryCondition());
        Instant now = Instant.now();
        for (int from = 0; from < deviceIds.size(); from += SELECTION_BATCH) {
            store.addDevices(jobId, deviceIds.subList(from, Math.min(deviceIds.size(), from + SELECTION_BATCH)), now);
        }
        store.devicesResolved(jobId, Instant.now());
        deadline = store.find(jobId).flatMap(ScheduledJob::deadline);
        ScheduledJobLogger.LOG.started(jobId, job.type().wireName(), deviceIds.size());
    }

    /** @return how the job ends; empty when it is no longer this run's to end (cancelled, or taken over) */
    private Optional<JobStatus> work(ScheduledJob job) {
        MethodInvocation invocation = job.type() == JobType.SCHEDULE_DEVICE_METHOD ? JobRequest.invocation(job.action()) : null;
        TwinUpdate update = job.type() == JobType.SCHEDULE_UPDATE_TWIN ? JobRequest.twinUpdate(job.action()) : null;
        while (true) {
            if (!renew()) {
                if (!runner.stopping()) {
                    endIfCancelled();
                }
                return Optional.empty();
            }
            if (pastDeadline()) {
                timeOut(job);
                return Optional.of(JobStatus.COMPLETED);
            }
            List<String> batch = store.startNext(jobId, runner.settings().batchSize(), Instant.now());
            if (batch.isEmpty()) {
                return awaitCallsInFlight(job);
            }
            for (int i = 0; i < batch.size(); i++) {
                if (!awaitTurn()) {
                    // Cancelled, taken over or out of time: the rest of the batch never had its turn.
                    List<String> rest = batch.subList(i, batch.size());
                    if (runner.stopping()) {
                        // Left running: the resumed job gives them their turn.
                        return Optional.empty();
                    }
                    if (pastDeadline()) {
                        store.endRunning(jobId, rest, timedOut(job), Instant.now());
                    } else if (cancelled()) {
                        store.endRunning(jobId, rest, DeviceJobOutcome.cancelled(), Instant.now());
                        endIfCancelled();
                    } else {
                        // Another node holds the job now: the devices wait for their turn there.
                        store.requeue(jobId, rest);
                        return Optional.empty();
                    }
                    break;
                }
                String deviceId = batch.get(i);
                if (invocation != null) {
                    call(deviceId, invocation);
                } else {
                    patch(deviceId, update);
                }
            }
        }
    }

    /** Waits for this device's slot (and a free call slot); false when the job must stop giving turns. */
    private boolean awaitTurn() {
        long waitNanos = runner.throttle().reserve(System.nanoTime());
        long until = System.nanoTime() + waitNanos;
        while (until - System.nanoTime() > 0) {
            LockSupport.parkNanos(Math.min(until - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
            if (pastDeadline() || !renewIfDue()) {
                return false;
            }
        }
        try {
            while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (pastDeadline() || !renewIfDue()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (pastDeadline() || !renewIfDue()) {
            inFlight.release();
            return false;
        }
        return true;
    }

    private void call(String deviceId, MethodInvocation invocation) {
        try {
            runner.methods.invoke(deviceId, null, invocation).whenComplete((result, error) -> {
                try {
                    record(deviceId, error == null ? DeviceJobOutcome.answered(result) : failure(error));
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            record(deviceId, failure(e));
            inFlight.release();
        }
    }

    private void patch(String deviceId, TwinUpdate update) {
        Runnable patch = () -> {
            try {
                runner.twins.patch(deviceId, update, "*");
                record(deviceId, DeviceJobOutcome.updated());
            } catch (RuntimeException e) {
                record(deviceId, failure(e));
            } finally {
                inFlight.release();
            }
        };
        try {
            runner.workers.execute(patch);
        } catch (RejectedExecutionException e) {
            // The workers are saturated or shutting down: this thread does the update itself.
            patch.run();
        }
    }

    private void record(String deviceId, DeviceJobOutcome outcome) {
        try {
            store.record(jobId, deviceId, outcome, Instant.now());
        } catch (RuntimeException e) {
            // Left running: a resumed run gives the device its turn again.
            ScheduledJobLogger.LOG.outcomeNotRecorded(jobId, deviceId, String.valueOf(e.getMessage()));
        }
    }

    private Optional<JobStatus> awaitCallsInFlight(ScheduledJob job) {
        while (inFlight.availablePermits() < maxInFlight) {
            if (pastDeadline()) {
                timeOut(job);
                return Optional.of(JobStatus.COMPLETED);
            }
            if (!renewIfDue()) {
                return Optional.empty();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return Optional.of(JobStatus.COMPLETED);
    }

    /**
     * A cancel ends the devices waiting when it commits; devices this run wrote after it (its selection was under
     * way) are ended here.
     */
    private void endIfCancelled() {
        if (cancelled()) {
            store.endDevices(jobId, List.of(DeviceJobStatus.PENDING), DeviceJobOutcome.cancelled(), Instant.now());
        }
    }

    private boolean cancelled() {
        return store.find(jobId).map(ScheduledJob::status).orElse(JobStatus.CANCELLED) == JobStatus.CANCELLED;
    }

    private void timeOut(ScheduledJob job) {
        int ended = store.endDevices(jobId, List.of(DeviceJobStatus.PENDING, DeviceJobStatus.RUNNING), timedOut(job),
                Instant.now());
        ScheduledJobLogger.LOG.timedOut(jobId, job.maxExecutionSeconds(), ended);
    }

    private static DeviceJobOutcome timedOut(ScheduledJob job) {
        return DeviceJobOutcome.failed(DeviceJobOutcome.JOB_TIMED_OUT, "The job's maxExecutionTimeInSeconds of "
                + job.maxExecutionSeconds() + " s ran out before this device's operation ended.");
    }

    private void finish(JobStatus status, String reason) {
        if (store.finish(jobId, runner.node(), status, reason, Instant.now())) {
            JobStatistics statistics = store.statistics(jobId);
            ScheduledJobLogger.LOG.ended(jobId, status.wireName(), statistics.deviceCount(), statistics.succeededCount(),
                    statistics.failedCount());
        }
    }

    private boolean pastDeadline() {
        return deadline.isPresent() && !Instant.now().isBefore(deadline.get());
    }

    private boolean renewIfDue() {
        return System.nanoTime() - lastRenewal < RENEW_EVERY_NANOS || renew();
    }

    private boolean renew() {
        lastRenewal = System.nanoTime();
        return !runner.stopping() && store.renew(jobId, runner.node(), Instant.now().plus(JobRunner.LEASE));
    }

    private static DeviceJobOutcome failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof jakarta.ejb.EJBException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HubException hub) {
            return DeviceJobOutcome.failed(hub);
        }
        return DeviceJobOutcome.failed(ErrorCode.SERVER_ERROR.errorName(), String.valueOf(cause.getMessage()));
    }
}
