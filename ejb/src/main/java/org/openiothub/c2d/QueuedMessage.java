package org.openiothub.c2d;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A cloud-to-device message in its device's queue, with the state machine of {@link MessageState}. The
 * sequence orders a device's messages. A message leaves the table when it reaches a final state; what the sender
 * asked to hear about that is written to the feedback outbox in the same transaction.
 */
@Entity
@Table(name = "c2d_message", indexes = {
    @Index(name = "c2d_message_next", columnList = "device_id, state, sequence"),
    @Index(name = "c2d_message_expiry", columnList = "state, expiry_time"),
    @Index(name = "c2d_message_lock_until", columnList = "state, locked_until"),
    @Index(name = "c2d_message_lock_token", columnList = "lock_token", unique = true)
})
@Cacheable(false)
public class QueuedMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "c2d_message_sequence")
    @SequenceGenerator(name = "c2d_message_sequence", sequenceName = "c2d_message_sequence", allocationSize = 50)
    private long sequence;

    @Column(name = "device_id", nullable = false, length = 128)
    private String deviceId;

    @Column(name = "device_generation_id", length = 32)
    private String deviceGenerationId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 32)
    private MessageState state;

    @Column(name = "lock_token", length = 36)
    private String lockToken;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "delivery_count", nullable = false)
    private int deliveryCount;

    @Column(name = "enqueued_time", nullable = false)
    private Instant enqueuedTime;

    @Column(name = "expiry_time", nullable = false)
    private Instant expiryTime;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private Ack ack;

    @Column(name = "message_id", nullable = false, length = 128)
    private String messageId;

    @Column(name = "correlation_id", length = 128)
    private String correlationId;

    @Column(name = "user_id", length = 128)
    private String userId;

    @Column(name = "content_type", length = 128)
    private String contentType;

    @Column(name = "content_encoding", length = 64)
    private String contentEncoding;

    @Convert(converter = ApplicationPropertiesConverter.class)
    @Column(name = "application_properties", length = 65536)
    private Map<String, String> applicationProperties;

    @Column(nullable = false, length = 65536)
    private byte[] body;

    protected QueuedMessage() {
    }

    /**
     * A message just accepted for a device.
     *
     * @param messageId the sender's or a generated one
     * @param expiry    already checked against the hub's limits
     */
    QueuedMessage(String deviceId, String deviceGenerationId, String messageId, CloudToDeviceMessage message,
            Instant now, Instant expiry) {
        this.deviceId = deviceId;
        this.deviceGenerationId = deviceGenerationId;
        this.messageId = messageId;
        this.correlationId = message.correlationId();
        this.userId = message.userId();
        this.ack = message.ack();
        this.contentType = message.contentType();
        this.contentEncoding = message.contentEncoding();
        this.applicationProperties = message.applicationProperties();
        this.body = message.body().clone();
        this.enqueuedTime = now;
        this.expiryTime = expiry;
        this.state = MessageState.ENQUEUED;
    }

    /**
     * Locks the message for one delivery attempt: it becomes invisible until {@code now + lockTimeout} and its
     * delivery count goes up by one.
     *
     * @return the message as the device gets it
     * @throws IllegalStateException unless the message is {@code ENQUEUED}
     */
    DeviceBoundMessage lock(String token, Instant now, Duration lockTimeout) {
        require(MessageState.ENQUEUED, "lock");
        state = MessageState.INVISIBLE;
        lockToken = token;
        lockedUntil = now.plus(lockTimeout);
        deliveryCount++;
        return new DeviceBoundMessage(lockToken, sequence, messageId, correlationId, toAddress(deviceId),
                userId, expiryTime, ack.wireName(), contentType, contentEncoding, deliveryCount, enqueuedTime,
                applicationProperties, body.clone());
    }

    /** Whether {@code token} is the live lock of this message at {@code now}. */
    boolean isLockedBy(String token, Instant now) {
        return state == MessageState.INVISIBLE && lockToken != null && lockToken.equals(token) && lockedUntil.isAfter(now);
    }

    /** Whether its lock was taken and has run out. */
    boolean lockLapsed(Instant now) {
        return state == MessageState.INVISIBLE && !lockedUntil.isAfter(now);
    }

    boolean isExpired(Instant now) {
        return !expiryTime.isAfter(now);
    }

    /** The device took the message. @throws IllegalStateException unless it is {@code INVISIBLE} */
    void complete() {
        require(MessageState.INVISIBLE, "complete");
        state = MessageState.COMPLETED;
    }

    /** The device refused the message for good. @throws IllegalStateException unless it is {@code INVISIBLE} */
    void reject() {
        require(MessageState.INVISIBLE, "reject");
        state = MessageState.REJECTED;
    }

    /**
     * The delivery attempt failed (the device abandoned it, its connection dropped, or the lock lapsed): the message
     * goes back to the queue, or is dead when it has been delivered {@code maxDeliveryCount} times.
     *
     * @return the new state, {@code ENQUEUED} or {@code DELIVERY_COUNT_EXCEEDED}
     * @throws IllegalStateException unless it is {@code INVISIBLE}
     */
    MessageState abandon(int maxDeliveryCount) {
        require(MessageState.INVISIBLE, "abandon");
        lockToken = null;
        lockedUntil = null;
        state = deliveryCount >= maxDeliveryCount ? MessageState.DELIVERY_COUNT_EXCEEDED : MessageState.ENQUEUED;
        return state;
    }

    /**
     * Gives up the lock (abandoned, link gone, or lapsed) and settles what follows from it at {@code now}: back to
     * the queue, dead after its last delivery, or expired when its time ran out meanwhile.
     *
     * @return the new state: {@code ENQUEUED}, {@code DELIVERY_COUNT_EXCEEDED} or {@code EXPIRED}
     * @throws IllegalStateException unless it is {@code INVISIBLE}
     */
    MessageState release(int maxDeliveryCount, Instant now) {
        if (abandon(maxDeliveryCount) == MessageState.ENQUEUED && isExpired(now)) {
            expire();
        }
        return state;
    }

    /** @throws IllegalStateException when the message is already final */
    void expire() {
        requirePending("expire");
        state = MessageState.EXPIRED;
    }

    /** @throws IllegalStateException when the message is already final */
    void purge() {
        requirePending("purge");
        state = MessageState.PURGED;
    }

    /**
     * The feedback record its final state calls for.
     *
     * @param at when the outcome happened
     * @return {@code null} when the message is not final or its sender did not ask for this outcome
     */
    FeedbackRecord feedback(Instant at) {
        FeedbackStatus outcome = state.outcome();
        if (outcome == null || !ack.wants(outcome)) {
            return null;
        }
        return new FeedbackRecord(messageId, deviceId, deviceGenerationId, outcome, at);
    }

    /** The {@code to} system property IoT Hub gives a device's messages. */
    static String toAddress(String deviceId) {
        return "/devices/" + deviceId + "/messages/deviceBound";
    }

    private void require(MessageState expected, String operation) {
        if (state != expected) {
            throw new IllegalStateException("Cannot " + operation + " a message that is " + state + ", only one that is " + expected);
        }
    }

    private void requirePending(String operation) {
        if (state.isFinal()) {
            throw new IllegalStateException("Cannot " + operation + " a message that is already " + state);
        }
    }

    public long sequence() {
        return sequence;
    }

    public String deviceId() {
        return deviceId;
    }

    public MessageState state() {
        return state;
    }

    public String messageId() {
        return messageId;
    }

    public String lockToken() {
        return lockToken;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    public int deliveryCount() {
        return deliveryCount;
    }

    public Instant expiryTime() {
        return expiryTime;
    }

    public Ack ack() {
        return ack;
    }
}
