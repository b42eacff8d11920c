package org.openiothub.registry.io;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.cluster.NodeLeft;
import org.openiothub.config.HubConfig;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Import and export jobs as IoT Hub runs them: one at a time (a second one is refused with
 * {@code JobQuotaExceeded} while the first is enqueued or running), in the background, with progress, and listed
 * after they end.
 *
 * <p>A job running when the server is asked to stop ends as failed after its current batch; one that was
 * running when the server died is marked failed at the next start. Either way the devices of its committed
 * batches are kept, and a new job with the same file finishes the work ({@code createOrUpdate} lines being safe
 * to apply twice). A job still enqueued at the next start is started.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ImportExportJobs {

    static final String DEFAULT_BLOB_NAME = "devices.txt";

    private static final Pattern BLOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Logger LOG = Logger.getLogger(ImportExportJobs.class);

    @Inject
    JpaImportExportJobStore store;

    @Inject
    ImportExportJobRunner runner;

    @Inject
    HubConfig config;

    @PostConstruct
    void resumeAfterRestart() {
        ServerStopping.watch();
        for (ImportExportJob job : store.withStatus(JobStatus.RUNNING)) {
            if (config.clustered() && job.nodeName() != null && !job.nodeName().equals(config.nodeName())) {
                continue; // another node's
            }
            store.end(job.jobId(), JobStatus.FAILED, "The hub stopped while the job was running; the devices of the "
                    + "batches it finished are kept. Start a new job to import or export the rest.", Instant.now());
            LOG.warnf("[job-id: %s] %s job marked failed: the hub stopped while it ran", job.jobId(), job.type().json());
        }
        for (ImportExportJob job : store.withStatus(JobStatus.ENQUEUED)) {
            runner.run(job.jobId());
        }
    }

    /**
     * Takes over the jobs a node that left the cluster was running, and runs each again from its start: an import's
     * {@code createOrUpdate} lines apply twice safely (a {@code create} line applied before is then reported as
     * {@code DeviceAlreadyExists}), an export writes its file anew.
     */
    public void onNodeLeft(@Observes NodeLeft left) {
        for (ImportExportJob job : store.withStatus(JobStatus.RUNNING)) {
            if (left.node().equals(job.nodeName()) && store.takeOver(job.jobId(), left.node(), config.nodeName(), Instant.now())) {
                LOG.warnf("[job-id: %s] %s job taken over from node %s, which left the cluster: running it again from its start",
                        job.jobId(), job.type().json(), left.node());
                runner.runTakenOver(job.jobId());
            }
        }
    }

    @PreDestroy
    void stop() {
        ServerStopping.unwatch();
    }

    /**
     * Enqueues a job and starts it in the background.
     *
     * @throws HubException {@code ArgumentInvalid} for a missing container URI or a bad blob name,
     *                      {@code BlobContainerValidationError} for a URI outside the blob root,
     *                      {@code JobQuotaExceeded} while another job is enqueued or running
     */
    @Lock(LockType.WRITE)
    public ImportExportJob create(ImportExportJobRequest request) {
        if (request.type() == null) {
            throw HubException.invalid("type must be import or export.");
        }
        Path root = config.blobsDir();
        if (request.type() == JobType.IMPORT) {
            if (request.inputBlobContainerUri() == null) {
                throw HubException.invalid("An import job needs inputBlobContainerUri.");
            }
            BlobContainerUri.resolve(root, request.inputBlobContainerUri());
        }
        if (request.outputBlobContainerUri() == null) {
            throw HubException.invalid("An " + request.type().json() + " job needs outputBlobContainerUri.");
        }
        BlobContainerUri.resolve(root, request.outputBlobContainerUri());
        String storageType = request.storageAuthenticationType();
        if (storageType != null && !storageType.equalsIgnoreCase("keyBased") && !storageType.equalsIgnoreCase("identityBased")) {
            throw HubException.invalid("storageAuthenticationType must be keyBased or identityBased.");
        }
        String inputName = blobName(request.inputBlobName(), "inputBlobName");
        String outputName = blobName(request.outputBlobName(), "outputBlobName");
        if (store.activeCount() > 0) {
            throw new HubException(ErrorCode.JOB_QUOTA_EXCEEDED, "Only one import or export job may be enqueued or "
                    + "running at a time; wait until the current one ends.");
        }
        ImportExportJob job = new ImportExportJob(UUID.randomUUID().toString(), request,
                request.type() == JobType.IMPORT ? inputName : null, outputName, Instant.now());
        store.insert(job);
        LOG.infof("[job-id: %s] %s job enqueued", job.jobId(), job.type().json());
        runner.run(job.jobId());
        return job;
    }

    /** @throws HubException {@code JobNotFound} */
    @Lock(LockType.READ)
    public ImportExportJob get(String jobId) {
        return store.find(jobId).orElseThrow(() -> notFound(jobId));
    }

    /** Every job the hub knows, newest first. */
    @Lock(LockType.READ)
    public List<ImportExportJob> list() {
        return store.list();
    }

    /**
     * Cancels an enqueued or running job: it stops after the batch in progress, whose devices are kept. A job
     * that already ended is left as it is.
     *
     * @throws HubException {@code JobNotFound}
     */
    @Lock(LockType.WRITE)
    public ImportExportJob cancel(String jobId) {
        ImportExportJob job = store.end(jobId, JobStatus.CANCELLED, null, Instant.now()).orElseThrow(() -> notFound(jobId));
        LOG.infof("[job-id: %s] cancel requested; the job is %s", jobId, job.status().json());
        return job;
    }

    private static String blobName(String name, String field) {
        if (name == null || name.isBlank()) {
            return DEFAULT_BLOB_NAME;
        }
        if (!BLOB_NAME.matcher(name).matches()) {
            throw HubException.invalid(field + " must be a file name of letters, digits, '.', '_' and '-', starting with a letter or digit.");
        }
        return name;
    }

    private static HubException notFound(String jobId) {
        return new HubException(ErrorCode.JOB_NOT_FOUND, "There is no import or export job " + jobId + ".");
    }
}
