package org.openiothub.c2d;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.openiothub.errors.HubException;

/**
 * A message a service sends to a device, before the hub queues it. It holds IoT Hub's rules for what a sender may
 * set, whichever protocol it came by, so that every way in means the same.
 *
 * @param messageId             {@code null} to have the hub generate one; else 1 to {@value #MAX_ID_LENGTH}
 *                              characters of IoT Hub's message id alphabet (which also keeps feedback JSON free of
 *                              escapes, as the Java service SDK needs)
 * @param correlationId         at most {@value #MAX_ID_LENGTH} characters
 * @param userId                at most {@value #MAX_ID_LENGTH} characters
 * @param expiryTime            absolute expiry; {@code null} for the hub's default time to live
 * @param ack                   the feedback the sender wants, never {@code null}
 * @param applicationProperties in the sender's order; neither names nor values are {@code null}, and no name is
 *                              empty, starts with {@code $} or {@code iothub-} (devices would read those as system
 *                              properties)
 * @throws HubException {@code ArgumentInvalid} when a field breaks these rules
 */
public record CloudToDeviceMessage(String messageId, String correlationId, String userId, Instant expiryTime,
        Ack ack, String contentType, String contentEncoding, Map<String, String> applicationProperties,
        byte[] body) {

    /** IoT Hub's limit for message, correlation and user ids. */
    public static final int MAX_ID_LENGTH = 128;
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9\\-:.+%_#*?!(),=@;$']{1," + MAX_ID_LENGTH + "}");

    public CloudToDeviceMessage {
        Objects.requireNonNull(ack, "ack");
        Objects.requireNonNull(body, "body");
        if (messageId != null && !MESSAGE_ID.matcher(messageId).matches()) {
            throw HubException.invalid("The message id '" + messageId + "' is invalid: use 1 to " + MAX_ID_LENGTH
                    + " characters of letters, digits and -:.+%_#*?!(),=@;$'");
        }
        requireLength("correlation id", correlationId);
        requireLength("user id", userId);
        applicationProperties.keySet().forEach(CloudToDeviceMessage::requireApplicationPropertyName);
        applicationProperties = Collections.unmodifiableMap(new LinkedHashMap<>(applicationProperties));
    }

    private static void requireLength(String what, String value) {
        if (value != null && value.length() > MAX_ID_LENGTH) {
            throw HubException.invalid("The " + what + " must be at most " + MAX_ID_LENGTH + " characters long.");
        }
    }

    private static void requireApplicationPropertyName(String name) {
        if (name.isEmpty() || name.startsWith("$") || name.toLowerCase(Locale.ROOT).startsWith("iothub-")) {
            throw HubException.invalid("The application property '" + name + "' is reserved or empty.");
        }
    }
}
