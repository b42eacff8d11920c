package org.openiothub.c2d;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message a service sends to a device, before the hub queues it.
 *
 * @param messageId             {@code null} to have the hub generate one
 * @param expiryTime            absolute expiry; {@code null} for the hub's default time to live
 * @param ack                   the feedback the sender wants, never {@code null}
 * @param applicationProperties in the sender's order; neither names nor values are {@code null}
 */
public record CloudToDeviceMessage(String messageId, String correlationId, String userId, Instant expiryTime,
        Ack ack, String contentType, String contentEncoding, Map<String, String> applicationProperties,
        byte[] body) {

    public CloudToDeviceMessage {
        Objects.requireNonNull(ack, "ack");
        Objects.requireNonNull(body, "body");
        applicationProperties = Collections.unmodifiableMap(new LinkedHashMap<>(applicationProperties));
    }
}
