package org.openiothub.c2d;

import java.time.Instant;
import java.util.Map;

/**
 * A cloud-to-device message on its way to a device.
 *
 * @param lockToken             identifies this delivery attempt; the device completes, abandons or rejects by it
 * @param sequenceNumber        the message's place in the hub's cloud-to-device queues, unique and increasing
 * @param ack                   {@code none}, {@code positive}, {@code negative} or {@code full}; may be {@code null}
 * @param expiryTime            absolute expiry; may be {@code null}
 * @param applicationProperties in the order the sender gave them
 */
public record DeviceBoundMessage(String lockToken, long sequenceNumber, String messageId, String correlationId, String to,
        String userId, Instant expiryTime, String ack, String contentType, String contentEncoding,
        int deliveryCount, Instant enqueuedTime, Map<String, String> applicationProperties, byte[] body) {
}
