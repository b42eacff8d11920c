package org.openiothub.registry.io;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/** Import and export jobs in the hub's database. Each change commits on its own, so that progress is visible at once. */
@Stateless
public class JpaImportExportJobStore {

    @PersistenceContext
    EntityManager em;

    public void insert(ImportExportJob job) {
        em.persist(job);
    }

    public Optional<ImportExportJob> find(String jobId) {
        return Optional.ofNullable(em.find(ImportExportJob.class, jobId));
    }

    /** Every job, newest first. */
    public List<ImportExportJob> list() {
        return em.createQuery("select j from ImportExportJob j order by j.createdTime desc", ImportExportJob.class)
                .getResultList();
    }

    public List<ImportExportJob> withStatus(JobStatus status) {
        return em.createQuery("select j from ImportExportJob j where j.status = :status order by j.createdTime", ImportExportJob.class)
                .setParameter("status", status)
                .getResultList();
    }

    public long activeCount() {
        return em.createQuery("select count(j) from ImportExportJob j where j.status in :active", Long.class)
                .setParameter("active", List.of(JobStatus.ENQUEUED, JobStatus.RUNNING))
                .getSingleResult();
    }

    /**
     * @return whether the job was enqueued and is now running on {@code node}; {@code false} when it was cancelled
     *         or started by another node first
     */
    public boolean start(String jobId, String node, Instant at) {
        ImportExportJob job = em.find(ImportExportJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.status() != JobStatus.ENQUEUED) {
            return false;
        }
        job.started(node, at);
        return true;
    }

    /** @return whether the job was running on {@code from} and now runs on {@code to}, anew */
    public boolean takeOver(String jobId, String from, String to, Instant at) {
        ImportExportJob job = em.find(ImportExportJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.status() != JobStatus.RUNNING || !from.equals(job.nodeName())) {
            return false;
        }
        job.takenOver(to, at);
        return true;
    }

    /** @return whether the job is still running (not cancelled) */
    public boolean progress(String jobId, int percent) {
        ImportExportJob job = em.find(ImportExportJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null || job.status() != JobStatus.RUNNING) {
            return false;
        }
        job.progressed(percent);
        return true;
    }

    /** Ends an active job; one that already ended (a cancelled one) keeps its outcome. */
    public Optional<ImportExportJob> end(String jobId, JobStatus outcome, String reason, Instant at) {
        ImportExportJob job = em.find(ImportExportJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            return Optional.empty();
        }
        if (job.status().active()) {
            job.ended(outcome, reason, at);
        }
        return Optional.of(job);
    }
}
