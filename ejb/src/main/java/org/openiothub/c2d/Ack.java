package org.openiothub.c2d;

import java.util.Locale;

import org.openiothub.errors.HubException;

/** What a service asked to hear about a cloud-to-device message ({@code iothub-ack}). */
public enum Ack {
    /** No feedback (the default). */
    NONE,
    /** Feedback only when the device completed the message. */
    POSITIVE,
    /** Feedback only when the message did not reach the device: expired, delivery count exceeded, rejected, purged. */
    NEGATIVE,
    /** Feedback in every case. */
    FULL;

    /** The value on the wire: {@code none}, {@code positive}, {@code negative}, {@code full}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a message ending with {@code status} produces a feedback record. */
    public boolean wants(FeedbackStatus status) {
        return switch (this) {
            case NONE -> false;
            case POSITIVE -> status == FeedbackStatus.SUCCESS;
            case NEGATIVE -> status != FeedbackStatus.SUCCESS;
            case FULL -> true;
        };
    }

    /**
     * @param value {@code null} or blank for {@link #NONE}; case does not matter. {@code positiveonly} and
     *              {@code negativeonly}, the names the Java service SDK writes, mean {@code positive} and
     *              {@code negative}.
     * @throws HubException {@code ArgumentInvalid} for anything else
     */
    public static Ack parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String name = value.trim().toLowerCase(Locale.ROOT);
        for (Ack ack : values()) {
            if (ack.wireName().equals(name) || (ack == POSITIVE || ack == NEGATIVE) && name.equals(ack.wireName() + "only")) {
                return ack;
            }
        }
        throw HubException.invalid("iothub-ack must be none, positive, negative or full, not '" + value + "'.");
    }
}
