package org.openiothub.c2d;

import java.time.Duration;
import java.time.Instant;

import org.openiothub.config.HubConfig;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * The limits of the per-device cloud-to-device queues, IoT Hub's by default.
 *
 * @param maxQueueDepth    pending (enqueued or locked) messages a device may have
 * @param defaultTtl       time to live of a message that names no expiry
 * @param maxTtl           the furthest expiry a sender may name
 * @param lockTimeout      how long a delivered message stays invisible waiting for its completion
 * @param maxDeliveryCount deliveries after which an abandoned message is dead
 * @param maxBodyBytes     largest body
 */
public record CloudToDeviceSettings(int maxQueueDepth, Duration defaultTtl, Duration maxTtl, Duration lockTimeout,
        int maxDeliveryCount, int maxBodyBytes) {

    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(2);
    /** The shortest lock a polling device can ask for. */
    public static final Duration MIN_LOCK_TIMEOUT = Duration.ofSeconds(1);

    public static final CloudToDeviceSettings DEFAULTS = new CloudToDeviceSettings(50, Duration.ofHours(1), MAX_TTL,
            Duration.ofMinutes(1), 10, 64 * 1024);

    /** The operator's settings, the defaults for what is not set. */
    public static CloudToDeviceSettings from(HubConfig config) {
        return new CloudToDeviceSettings(config.c2dMaxQueueDepth(), config.c2dDefaultTtl(), MAX_TTL,
                config.c2dLockTimeout(), config.c2dMaxDeliveryCount(), DEFAULTS.maxBodyBytes());
    }

    /** @throws IllegalArgumentException when a value is outside what IoT Hub allows */
    public CloudToDeviceSettings {
        if (maxQueueDepth < 1) {
            throw new IllegalArgumentException("The queue depth must be at least 1, not " + maxQueueDepth);
        }
        if (defaultTtl.compareTo(MIN_TTL) < 0 || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("The default time to live must be between " + MIN_TTL + " and " + maxTtl + ", not " + defaultTtl);
        }
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("The lock timeout must be positive, not " + lockTimeout);
        }
        if (maxDeliveryCount < 1 || maxDeliveryCount > 100) {
            throw new IllegalArgumentException("The maximum delivery count must be between 1 and 100, not " + maxDeliveryCount);
        }
    }

    /**
     * The expiry of a message sent at {@code now}.
     *
     * @param requested the sender's absolute expiry, or {@code null} for the default time to live
     * @throws HubException {@code ArgumentInvalid} when {@code requested} is not after {@code now} or further than
     *                      {@link #maxTtl()} ahead
     */
    public Instant expiryFor(Instant requested, Instant now) {
        if (requested == null) {
            return now.plus(defaultTtl);
        }
        if (!requested.isAfter(now)) {
            throw HubException.invalid("The message expiry " + requested + " is not in the future.");
        }
        if (requested.isAfter(now.plus(maxTtl))) {
            throw HubException.invalid("The message expiry " + requested + " is more than " + maxTtl.toHours()
                    + " hours ahead; the maximum time to live is " + maxTtl + ".");
        }
        return requested;
    }

    /**
     * The lock a device that polls for its messages (HTTPS) gets: what it asks for, at least {@link #MIN_LOCK_TIMEOUT}
     * and at most the hub's {@link #lockTimeout()}, which every other transport gets.
     *
     * @param requested {@code null} when the device asks for nothing
     */
    public Duration lockTimeoutFor(Duration requested) {
        if (requested == null || requested.compareTo(lockTimeout) > 0) {
            return lockTimeout;
        }
        return requested.compareTo(MIN_LOCK_TIMEOUT) < 0 ? MIN_LOCK_TIMEOUT : requested;
    }

    /** @throws HubException {@code DeviceMaximumQueueDepthExceeded} when the device already has the most it may have */
    public void requireRoom(String deviceId, long pending) {
        if (pending >= maxQueueDepth) {
            throw new HubException(ErrorCode.DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED, "Device " + deviceId + " already has "
                    + pending + " pending cloud-to-device messages, the maximum is " + maxQueueDepth + ".");
        }
    }

    /** @throws HubException {@code MessageTooLarge} over {@link #maxBodyBytes()} */
    public void requireSize(int bodyBytes) {
        if (bodyBytes > maxBodyBytes) {
            throw new HubException(ErrorCode.MESSAGE_TOO_LARGE, "The message body of " + bodyBytes
                    + " bytes is over the limit of " + maxBodyBytes + " bytes.");
        }
    }
}
