package org.openiothub.job;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Scheduled jobs and their device records in the database. Every change of a job's status is one conditional
 * update ("... where status in (...)"), so that whoever changes it first wins and the others see 0 rows: that is
 * how a node claims a job, and how a cancel and a finishing runner cannot undo one another. Each method is one
 * transaction.
 */
@Stateless
public class JpaScheduledJobs {

    @PersistenceContext
    EntityManager em;

    /** @throws HubException {@code JobAlreadyExists} when the id is taken (by a job of any status kept in history) */
    public ScheduledJob create(JobRequest request, Instant now) {
        if (em.find(ScheduledJob.class, request.jobId()) != null) {
            throw new HubException(ErrorCode.JOB_ALREADY_EXISTS, "A job with id '" + request.jobId() + "' already exists.");
        }
        ScheduledJob job = new ScheduledJob(request, now);
        em.persist(job);
        return job;
    }

    public Optional<ScheduledJob> find(String jobId) {
        return Optional.ofNullable(em.find(ScheduledJob.class, jobId));
    }

    public JobStatistics statistics(String jobId) {
        Map<DeviceJobStatus, Long> counts = new EnumMap<>(DeviceJobStatus.class);
        for (Object[] row : em.createQuery("select d.status, count(d) from DeviceJob d where d.jobId = :job"
                + " group by d.status", Object[].class).setParameter("job", jobId).getResultList()) {
            counts.put((DeviceJobStatus) row[0], (Long) row[1]);
        }
        return JobStatistics.of(counts);
    }

    /**
     * @param type   {@code null} for any
     * @param status {@code null} for any
     * @return jobs oldest first, from {@code offset}
     */
    public List<ScheduledJob> list(JobType type, JobStatus status, int offset, int limit) {
        return em.createQuery("select j from ScheduledJob j where (:type is null or j.type = :type)"
                        + " and (:status is null or j.status = :status) order by j.createdTime, j.jobId", ScheduledJob.class)
                .setParameter("type", type)
                .setParameter("status", status)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Cancels an active job; its devices that have not had their turn end {@code cancelled}. Calls in flight end
     * as they end.
     *
     * @return whether it was active
     */
    public boolean cancel(String jobId, Instant now) {
        int changed = em.createQuery("update ScheduledJob j set j.status = :cancelled, j.endTime = :now,"
                        + " j.leaseOwner = null, j.leaseUntil = null where j.jobId = :job and j.status in :active")
                .setParameter("cancelled", JobStatus.CANCELLED)
                .setParameter("now", now)
                .setParameter("job", jobId)
                .setParameter("active", JobStatus.ACTIVE)
                .executeUpdate();
        if (changed > 0) {
            endDevices(jobId, List.of(DeviceJobStatus.PENDING), DeviceJobOutcome.cancelled(), now);
        }
        return changed > 0;
    }

    /** Running jobs whose runner is alive (holds an unexpired lease). */
    public long runningCount(Instant now) {
        return em.createQuery("select count(j) from ScheduledJob j where j.status = :running and j.leaseUntil >= :now", Long.class)
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("now", now)
                .getSingleResult();
    }

    /** Jobs to run now: running ones whose runner went away first (they resume), then due ones by start time. */
    public List<String> runnable(Instant now) {
        List<String> orphans = em.createQuery("select j.jobId from ScheduledJob j where j.status = :running"
                        + " and (j.leaseUntil is null or j.leaseUntil < :now) order by j.startTime", String.class)
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("now", now)
                .getResultList();
        List<String> due = em.createQuery("select j.jobId from ScheduledJob j where j.status in :waiting"
                        + " and j.startTime <= :now order by j.startTime, j.createdTime", String.class)
                .setParameter("waiting", List.of(JobStatus.SCHEDULED, JobStatus.QUEUED))
                .setParameter("now", now)
                .getResultList();
        return java.util.stream.Stream.concat(orphans.stream(), due.stream()).toList();
    }

    /** Due jobs that found no free run slot wait as {@code queued}. */
    public int queueDue(Instant now) {
        return em.createQuery("update ScheduledJob j set j.status = :queued where j.status = :scheduled and j.startTime <= :now")
                .setParameter("queued", JobStatus.QUEUED)
                .setParameter("scheduled", JobStatus.SCHEDULED)
                .setParameter("now", now)
                .executeUpdate();
    }

    /**
     * Takes a due job, or a running one whose lease lapsed, for {@code owner} until {@code leaseUntil}.
     *
     * @return whether this caller got it
     */
    public boolean claim(String jobId, String owner, Instant now, Instant leaseUntil) {
        return em.createQuery("update ScheduledJob j set j.status = :running, j.leaseOwner = :owner,"
                        + " j.leaseUntil = :until"
                        + " where j.jobId = :job and ((j.status in :waiting and j.startTime <= :now)"
                        + " or (j.status = :running and (j.leaseUntil is null or j.leaseUntil < :now)))")
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("owner", owner)
                .setParameter("until", leaseUntil)
                .setParameter("now", now)
                .setParameter("job", jobId)
                .setParameter("waiting", List.of(JobStatus.SCHEDULED, JobStatus.QUEUED))
                .executeUpdate() == 1;
    }

    /** @return false when the job is no longer running for {@code owner}: cancelled, or claimed by another node */
    public boolean renew(String jobId, String owner, Instant leaseUntil) {
        return em.createQuery("update ScheduledJob j set j.leaseUntil = :until where j.jobId = :job"
                        + " and j.status = :running and j.leaseOwner = :owner")
                .setParameter("until", leaseUntil)
                .setParameter("job", jobId)
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("owner", owner)
                .executeUpdate() == 1;
    }

    /** Ends a running job held by {@code owner}; a job cancelled meanwhile stays cancelled. */
    public boolean finish(String jobId, String owner, JobStatus status, String failureReason, Instant now) {
        return em.createQuery("update ScheduledJob j set j.status = :status, j.endTime = :now, j.failureReason = :reason,"
                        + " j.leaseOwner = null, j.leaseUntil = null"
                        + " where j.jobId = :job and j.status = :running and j.leaseOwner = :owner")
                .setParameter("status", status)
                .setParameter("now", now)
                .setParameter("reason", failureReason == null ? null
                        : failureReason.substring(0, Math.min(1024, failureReason.length())))
                .setParameter("job", jobId)
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("owner", owner)
                .executeUpdate() == 1;
    }

    /** Forgets the device records of a job whose device selection did not finish, so that it starts over. */
    public void forgetDevices(String jobId) {
        em.createQuery("delete from DeviceJob d where d.jobId = :job").setParameter("job", jobId).executeUpdate();
    }

    public void addDevices(String jobId, Collection<String> deviceIds, Instant now) {
        for (String deviceId : deviceIds) {
            em.persist(new DeviceJob(jobId, deviceId, now));
        }
    }

    /** Marks the job's devices selected; its {@code maxExecutionTimeInSeconds} counts from {@code now}. */
    public void devicesResolved(String jobId, Instant now) {
        em.createQuery("update ScheduledJob j set j.devicesResolved = true, j.runStartedTime = :now where j.jobId = :job")
                .setParameter("now", now)
                .setParameter("job", jobId)
                .executeUpdate();
    }

    /** Devices whose operation was in flight when the job's last runner stopped get their turn again. */
    public int requeueInterrupted(String jobId) {
        return em.createQuery("update DeviceJob d set d.status = :pending, d.startTime = null"
                        + " where d.jobId = :job and d.status = :running")
                .setParameter("pending", DeviceJobStatus.PENDING)
                .setParameter("job", jobId)
                .setParameter("running", DeviceJobStatus.RUNNING)
                .executeUpdate();
    }

    /** Marks up to {@code max} waiting devices running, in id order, and returns them. */
    public List<String> startNext(String jobId, int max, Instant now) {
        List<DeviceJob> next = em.createQuery("select d from DeviceJob d where d.jobId = :job and d.status = :pending"
                        + " order by d.deviceId", DeviceJob.class)
                .setParameter("job", jobId)
                .setParameter("pending", DeviceJobStatus.PENDING)
                .setMaxResults(max)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        next.forEach(device -> device.started(now));
        return next.stream().map(DeviceJob::deviceId).toList();
    }

    /** Records how a running device's operation ended; a device already ended (by a time-out or cancel) keeps that. */
    public void record(String jobId, String deviceId, DeviceJobOutcome outcome, Instant now) {
        List<DeviceJob> device = em.createQuery("select d from DeviceJob d where d.jobId = :job and d.deviceId = :device"
                        + " and d.status = :running", DeviceJob.class)
                .setParameter("job", jobId)
                .setParameter("device", deviceId)
                .setParameter("running", DeviceJobStatus.RUNNING)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        device.forEach(d -> d.ended(outcome, now));
    }

    /** Ends every device of the job in one of {@code statuses} with {@code outcome}. */
    public int endDevices(String jobId, Collection<DeviceJobStatus> statuses, DeviceJobOutcome outcome, Instant now) {
        List<DeviceJob> devices = em.createQuery("select d from DeviceJob d where d.jobId = :job and d.status in :statuses",
                        DeviceJob.class)
                .setParameter("job", jobId)
                .setParameter("statuses", statuses)
                .getResultList();
        devices.forEach(d -> d.ended(outcome, now));
        return devices.size();
    }

    /** Ends the given devices, where still running, with {@code outcome}: the rest of a batch a runner gave up. */
    public void endRunning(String jobId, Collection<String> deviceIds, DeviceJobOutcome outcome, Instant now) {
        if (deviceIds.isEmpty()) {
            return;
        }
        em.createQuery("select d from DeviceJob d where d.jobId = :job and d.deviceId in :devices and d.status = :running",
                        DeviceJob.class)
                .setParameter("job", jobId)
                .setParameter("devices", deviceIds)
                .setParameter("running", DeviceJobStatus.RUNNING)
                .getResultList()
                .forEach(d -> d.ended(outcome, now));
    }

    /** Gives the given devices, where still running, their turn again (on the node that holds the job now). */
    public void requeue(String jobId, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        em.createQuery("update DeviceJob d set d.status = :pending, d.startTime = null where d.jobId = :job"
                        + " and d.deviceId in :devices and d.status = :running")
                .setParameter("pending", DeviceJobStatus.PENDING)
                .setParameter("job", jobId)
                .setParameter("devices", deviceIds)
                .setParameter("running", DeviceJobStatus.RUNNING)
                .executeUpdate();
    }

    /** Removes ended jobs created before {@code cutoff}, with their device records. @return jobs removed */
    public int purgeEndedBefore(Instant cutoff) {
        List<JobStatus> ended = List.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);
        em.createQuery("delete from DeviceJob d where d.jobId in (select j.jobId from ScheduledJob j"
                        + " where j.createdTime < :cutoff and j.status in :ended)")
                .setParameter("cutoff", cutoff)
                .setParameter("ended", ended)
                .executeUpdate();
        return em.createQuery("delete from ScheduledJob j where j.createdTime < :cutoff and j.status in :ended")
                .setParameter("cutoff", cutoff)
                .setParameter("ended", ended)
                .executeUpdate();
    }

    /** Every job, for joining device records to their job. */
    public List<ScheduledJob> all() {
        return em.createQuery("select j from ScheduledJob j", ScheduledJob.class).getResultList();
    }

    /** Every device record, oldest first. */
    public List<DeviceJob> allDevices() {
        return em.createQuery("select d from DeviceJob d order by d.createdTime, d.id", DeviceJob.class).getResultList();
    }
}
