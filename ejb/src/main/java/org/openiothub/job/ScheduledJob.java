package org.openiothub.job;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.openiothub.schema.JsonColumns;

/**
 * A scheduled job as stored. Its status moves only by conditional row updates ({@link JpaScheduledJobs}), so that
 * a cancel, a node claiming the job and the node running it never overwrite one another. A running job is held by
 * a lease its runner renews; a job whose lease lapsed (its node stopped) is claimed again and resumes.
 */
@Entity
@Table(name = "scheduled_job", indexes = {
    @Index(name = "scheduled_job_status", columnList = "status, start_time"),
    @Index(name = "scheduled_job_created", columnList = "created_time")
})
@Cacheable(false)
public class ScheduledJob {

    @Id
    @Column(name = "job_id", length = 64)
    private String jobId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 32)
    private JobType type;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private JobStatus status;

    @Column(name = "query_condition", nullable = false, length = 8192)
    private String queryCondition;

    @Column(name = "action_json", nullable = false, length = JsonColumns.LENGTH)
    private String actionJson;

    @Column(name = "created_time", nullable = false)
    private Instant createdTime;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    /**
     * When its devices were selected and it began to give them their turns: {@code maxExecutionTimeInSeconds} counts
     * from here, so that the time a slow selection takes is not taken from the devices.
     */
    @Column(name = "run_started_time")
    private Instant runStartedTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Column(name = "max_execution_seconds", nullable = false)
    private long maxExecutionSeconds;

    /** Whether its devices were selected and written as device jobs (once, when it starts). */
    @Column(name = "devices_resolved", nullable = false)
    private boolean devicesResolved;

    @Column(name = "failure_reason", length = 1024)
    private String failureReason;

    @Column(name = "lease_owner", length = 36)
    private String leaseOwner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    protected ScheduledJob() {
    }

    ScheduledJob(JobRequest request, Instant now) {
        this.jobId = request.jobId();
        this.type = request.type();
        this.queryCondition = request.queryCondition();
        this.actionJson = request.action().toString();
        this.createdTime = now;
        this.startTime = request.startTime();
        this.maxExecutionSeconds = request.maxExecutionSeconds();
        this.status = request.startTime().isAfter(now) ? JobStatus.SCHEDULED : JobStatus.QUEUED;
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

    public String queryCondition() {
        return queryCondition;
    }

    /** The {@code cloudToDeviceMethod} or {@code updateTwin} object. */
    public JsonObject action() {
        try (JsonReader reader = Json.createReader(new StringReader(actionJson))) {
            return reader.readObject();
        }
    }

    public Instant createdTime() {
        return createdTime;
    }

    public Instant startTime() {
        return startTime;
    }

    public Optional<Instant> runStartedTime() {
        return Optional.ofNullable(runStartedTime);
    }

    public Optional<Instant> endTime() {
        return Optional.ofNullable(endTime);
    }

    public long maxExecutionSeconds() {
        return maxExecutionSeconds;
    }

    /** When a running job must stop: empty when it has no limit or has not started. */
    public Optional<Instant> deadline() {
        return maxExecutionSeconds == 0 || runStartedTime == null ? Optional.empty()
                : Optional.of(runStartedTime.plus(Duration.ofSeconds(maxExecutionSeconds)));
    }

    public boolean devicesResolved() {
        return devicesResolved;
    }

    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }
}
