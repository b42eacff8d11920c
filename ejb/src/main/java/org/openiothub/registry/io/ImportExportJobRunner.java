package org.openiothub.registry.io;

import java.time.Instant;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.config.HubConfig;
import org.openiothub.errors.HubException;

/** Runs one job in the background, from enqueued to its end; a job cancelled before it starts does not run. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ImportExportJobRunner {

    private static final Logger LOG = Logger.getLogger(ImportExportJobRunner.class);

    @Inject
    JpaImportExportJobStore store;

    @Inject
    DeviceFileImporter importer;

    @Inject
    DeviceFileExporter exporter;

    @Inject
    HubConfig config;

    @Asynchronous
    public void run(String jobId) {
        if (store.start(jobId, config.nodeName(), Instant.now())) {
            execute(jobId);
        }
    }

    /** Runs a job again from its start on this node, which took it over from a node that left the cluster. */
    @Asynchronous
    public void runTakenOver(String jobId) {
        execute(jobId);
    }

    private void execute(String jobId) {
        ImportExportJob job = store.find(jobId).orElseThrow();
        LOG.infof("[job-id: %s] %s job running", jobId, job.type().json());
        long started = System.nanoTime();
        try {
            String summary = job.type() == JobType.IMPORT ? importer.run(job) : exporter.run(job);
            ImportExportJob ended = store.end(jobId, JobStatus.COMPLETED, null, Instant.now()).orElseThrow();
            LOG.infof("[job-id: %s] %s job %s after %d ms: %s", jobId, job.type().json(), ended.status().json(),
                    (System.nanoTime() - started) / 1_000_000, summary);
        } catch (HubException e) {
            fail(job, e.getMessage());
        } catch (RuntimeException | Error e) {
            if (ServerStopping.underWay()) {
                // The container refuses calls while it stops: expected, and the next start marks the job failed.
                LOG.warnf("[job-id: %s] %s job interrupted by the server stopping: %s", jobId, job.type().json(), e);
            } else {
                LOG.errorf(e, "[job-id: %s] %s job failed", jobId, job.type().json());
            }
            fail(job, e.toString());
        }
    }

    private void fail(ImportExportJob job, String reason) {
        try {
            store.end(job.jobId(), JobStatus.FAILED, reason, Instant.now());
            LOG.warnf("[job-id: %s] %s job failed: %s", job.jobId(), job.type().json(), reason);
        } catch (RuntimeException e) {
            if (!ServerStopping.underWay()) {
                throw e;
            }
            // Stopping: the job stays running in the database until the next start marks it failed.
        }
    }
}
