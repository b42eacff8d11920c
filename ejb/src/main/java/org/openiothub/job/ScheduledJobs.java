package org.openiothub.job;

import java.time.Instant;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.JsonObject;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Scheduled jobs as back ends manage them ({@code /jobs/v2}): create, read, cancel and list. Running them is
 * {@link JobScheduler}'s and {@link JobRunner}'s work.
 */
@Stateless
public class ScheduledJobs {

    @EJB
    JpaScheduledJobs store;

    /**
     * Creates a job; it runs at its start time, or as soon as a run slot is free when that has passed.
     *
     * @param body the request as IoT Hub's {@code JobRequest} JSON
     * @return the job as IoT Hub's {@code JobResponse} JSON
     * @throws HubException {@code ArgumentInvalid} for a bad request or query condition (syntax errors name their
     *                      position), {@code JobAlreadyExists} for an id in use
     */
    public JsonObject create(String jobId, JsonObject body) {
        Instant now = Instant.now();
        JobRequest request = JobRequest.fromJson(jobId, body, now);
        JobConditions.check(request.queryCondition());
        return JobJson.job(store.create(request, now), JobStatistics.NONE);
    }

    /** @throws HubException {@code JobNotFound} */
    public JsonObject get(String jobId) {
        ScheduledJob job = find(jobId);
        return JobJson.job(job, store.statistics(jobId));
    }

    /**
     * Cancels a job that has not ended: it does not start, or stops giving devices their turn. An ended job is
     * returned as it is.
     *
     * @throws HubException {@code JobNotFound}
     */
    public JsonObject cancel(String jobId) {
        // The update comes first: a job read before it would be served as it was, not as the update left it.
        if (store.cancel(jobId, Instant.now())) {
            ScheduledJobLogger.LOG.cancelled(jobId);
        } else {
            find(jobId);
        }
        return get(jobId);
    }

    /**
     * A page of jobs, oldest first.
     *
     * @param type   {@code null} for any
     * @param status {@code null} for any
     * @param offset where the page starts (the previous page's {@link JobPage#next()})
     */
    public JobPage list(JobType type, JobStatus status, int offset, int pageSize) {
        List<ScheduledJob> jobs = store.list(type, status, offset, pageSize + 1);
        boolean more = jobs.size() > pageSize;
        List<JsonObject> page = jobs.stream().limit(pageSize)
                .map(job -> JobJson.job(job, store.statistics(job.jobId())))
                .toList();
        return new JobPage(page, more ? Integer.valueOf(offset + pageSize) : null);
    }

    private ScheduledJob find(String jobId) {
        return store.find(jobId).orElseThrow(() -> new HubException(ErrorCode.JOB_NOT_FOUND,
                "Job '" + jobId + "' does not exist."));
    }

    /**
     * @param jobs IoT Hub's {@code JobResponse} JSON
     * @param next where the next page starts, {@code null} after the last
     */
    public record JobPage(List<JsonObject> jobs, Integer next) {
    }
}
