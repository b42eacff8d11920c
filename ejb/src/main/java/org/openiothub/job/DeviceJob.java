package org.openiothub.job;

import java.io.StringReader;
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
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.openiothub.schema.JsonColumns;

/**
 * One device's part in a scheduled job: written {@code pending} when the job selects its devices, then what
 * happened to it. These records are what {@code devices.jobs} lists and how a resumed job knows what is left.
 */
@Entity
@Table(name = "device_job",
        uniqueConstraints = @UniqueConstraint(name = "device_job_unique", columnNames = {"job_id", "device_id"}),
        indexes = @Index(name = "device_job_progress", columnList = "job_id, status, device_id"))
@Cacheable(false)
public class DeviceJob {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "device_job_sequence")
    @SequenceGenerator(name = "device_job_sequence", sequenceName = "device_job_sequence", allocationSize = 100)
    private long id;

    @Column(name = "job_id", nullable = false, length = 64)
    private String jobId;

    @Column(name = "device_id", nullable = false, length = 128)
    private String deviceId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private DeviceJobStatus status;

    @Column(name = "created_time", nullable = false)
    private Instant createdTime;

    @Column(name = "start_time")
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Column(name = "last_updated_time", nullable = false)
    private Instant lastUpdatedTime;

    /** {@code {"deviceMethodResponse":{"status","payload"}}} for a method job's device that answered. */
    @Column(name = "outcome_json", length = JsonColumns.LENGTH)
    private String outcomeJson;

    @Column(name = "error_code", length = 64)
    private String errorCode;

    @Column(name = "error_description", length = 1024)
    private String errorDescription;

    protected DeviceJob() {
    }

    DeviceJob(String jobId, String deviceId, Instant now) {
        this.jobId = jobId;
        this.deviceId = deviceId;
        this.status = DeviceJobStatus.PENDING;
        this.createdTime = now;
        this.lastUpdatedTime = now;
    }

    void started(Instant now) {
        status = DeviceJobStatus.RUNNING;
        startTime = now;
        lastUpdatedTime = now;
    }

    void ended(DeviceJobOutcome outcome, Instant now) {
        status = outcome.status();
        if (startTime == null) {
            startTime = now;
        }
        endTime = now;
        lastUpdatedTime = now;
        outcomeJson = outcome.outcome() == null ? null : outcome.outcome().toString();
        errorCode = outcome.errorCode();
        errorDescription = outcome.errorDescription() == null ? null
                : outcome.errorDescription().substring(0, Math.min(1024, outcome.errorDescription().length()));
    }

    public String jobId() {
        return jobId;
    }

    public String deviceId() {
        return deviceId;
    }

    public DeviceJobStatus status() {
        return status;
    }

    public Instant createdTime() {
        return createdTime;
    }

    public Optional<Instant> startTime() {
        return Optional.ofNullable(startTime);
    }

    public Optional<Instant> endTime() {
        return Optional.ofNullable(endTime);
    }

    public Instant lastUpdatedTime() {
        return lastUpdatedTime;
    }

    public Optional<JsonObject> outcome() {
        if (outcomeJson == null) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(outcomeJson))) {
            return Optional.of(reader.readObject());
        }
    }

    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    public Optional<String> errorDescription() {
        return Optional.ofNullable(errorDescription);
    }
}
