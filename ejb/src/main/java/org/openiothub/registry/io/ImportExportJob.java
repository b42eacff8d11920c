package org.openiothub.registry.io;

import java.time.Instant;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An import or export job and how far it got; kept after it ends, as IoT Hub lists finished jobs. */
@Entity
@Table(name = "import_export_job")
@Cacheable(false)
public class ImportExportJob {

    private static final int URI_LENGTH = 2048;

    @Id
    @Column(name = "job_id", length = 64)
    private String jobId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private JobType type;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private JobStatus status;

    /** Percent done, 0-100. */
    @Column(nullable = false)
    private int progress;

    @Column(name = "created_time", nullable = false)
    private Instant createdTime;

    @Column(name = "start_time")
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Column(name = "input_container_uri", length = URI_LENGTH)
    private String inputBlobContainerUri;

    @Column(name = "input_blob_name", length = 256)
    private String inputBlobName;

    @Column(name = "output_container_uri", length = URI_LENGTH)
    private String outputBlobContainerUri;

    @Column(name = "output_blob_name", length = 256)
    private String outputBlobName;

    @Column(name = "exclude_keys", nullable = false)
    private boolean excludeKeysInExport;

    @Column(name = "storage_auth_type", length = 32)
    private String storageAuthenticationType;

    @Column(name = "identity", length = 512)
    private String identity;

    @Column(name = "failure_reason", length = 1024)
    private String failureReason;

    /** The node running the job (or that ran it last). */
    @Column(name = "node_name", length = 255)
    private String nodeName;

    protected ImportExportJob() {
    }

    ImportExportJob(String jobId, ImportExportJobRequest request, String inputBlobName, String outputBlobName, Instant now) {
        this.jobId = jobId;
        this.type = request.type();
        this.status = JobStatus.ENQUEUED;
        this.createdTime = now;
        this.inputBlobContainerUri = request.inputBlobContainerUri();
        this.inputBlobName = inputBlobName;
        this.outputBlobContainerUri = request.outputBlobContainerUri();
        this.outputBlobName = outputBlobName;
        this.excludeKeysInExport = request.excludeKeysInExport();
        this.storageAuthenticationType = request.storageAuthenticationType();
        this.identity = request.identity();
    }

    void started(String node, Instant at) {
        status = JobStatus.RUNNING;
        nodeName = node;
        startTime = at;
    }

    /** Another node runs the job from now on, from its start: its node left the cluster while it ran. */
    void takenOver(String node, Instant at) {
        nodeName = node;
        progress = 0;
        startTime = at;
    }

    public String nodeName() {
        return nodeName;
    }

    void progressed(int percent) {
        progress = percent;
    }

    void ended(JobStatus outcome, String reason, Instant at) {
        status = outcome;
        failureReason = reason == null ? null : reason.substring(0, Math.min(reason.length(), 1024));
        endTime = at;
        if (outcome == JobStatus.COMPLETED) {
            progress = 100;
        }
    }

    public String jobId() {
        return jobId;
    }

    public JobType type() {
        return type;
    }

    public JobStatus status() {
        return status;
    }

    public int progress() {
        return progress;
    }

    public Instant createdTime() {
        return createdTime;
    }

    /** {@code null} while enqueued. */
    public Instant startTime() {
        return startTime;
    }

    /** {@code null} until the job ends. */
    public Instant endTime() {
        return endTime;
    }

    public String inputBlobContainerUri() {
        return inputBlobContainerUri;
    }

    public String inputBlobName() {
        return inputBlobName;
    }

    public String outputBlobContainerUri() {
        return outputBlobContainerUri;
    }

    public String outputBlobName() {
        return outputBlobName;
    }

    public boolean excludeKeysInExport() {
        return excludeKeysInExport;
    }

    public String storageAuthenticationType() {
        return storageAuthenticationType;
    }

    public String identity() {
        return identity;
    }

    public String failureReason() {
        return failureReason;
    }
}
