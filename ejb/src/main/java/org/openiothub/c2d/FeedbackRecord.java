package org.openiothub.c2d;

import java.time.Instant;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One feedback record waiting in the outbox to be published in a batch: written in the transaction that ended its
 * message, so that no outcome a sender asked for is lost, and removed once the broker holds its batch.
 */
@Entity
@Table(name = "c2d_feedback")
@Cacheable(false)
public class FeedbackRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "c2d_feedback_sequence")
    @SequenceGenerator(name = "c2d_feedback_sequence", sequenceName = "c2d_feedback_sequence", allocationSize = 50)
    private long sequence;

    @Column(name = "original_message_id", nullable = false, length = 128)
    private String originalMessageId;

    @Column(name = "device_id", nullable = false, length = 128)
    private String deviceId;

    @Column(name = "device_generation_id", length = 32)
    private String deviceGenerationId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 32)
    private FeedbackStatus status;

    /** When the outcome happened: IoT Hub's {@code enqueuedTimeUtc} of the record. */
    @Column(name = "enqueued_time", nullable = false)
    private Instant enqueuedTime;

    protected FeedbackRecord() {
    }

    FeedbackRecord(String originalMessageId, String deviceId, String deviceGenerationId, FeedbackStatus status,
            Instant enqueuedTime) {
        this.originalMessageId = originalMessageId;
        this.deviceId = deviceId;
        this.deviceGenerationId = deviceGenerationId;
        this.status = status;
        this.enqueuedTime = enqueuedTime;
    }

    public long sequence() {
        return sequence;
    }

    public String originalMessageId() {
        return originalMessageId;
    }

    public String deviceId() {
        return deviceId;
    }

    public String deviceGenerationId() {
        return deviceGenerationId;
    }

    public FeedbackStatus status() {
        return status;
    }

    public Instant enqueuedTime() {
        return enqueuedTime;
    }
}
