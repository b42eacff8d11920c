package org.openiothub.c2d;

/**
 * The life of a cloud-to-device message: {@code ENQUEUED -> INVISIBLE -> COMPLETED | REJECTED}, back to
 * {@code ENQUEUED} when abandoned or when its lock lapses, and dead as {@code EXPIRED} or
 * {@code DELIVERY_COUNT_EXCEEDED}; {@code PURGED} when an operator empties the queue. Only {@code ENQUEUED} and
 * {@code INVISIBLE} messages are pending; the others are final.
 */
public enum MessageState {
    ENQUEUED(null),
    /** Locked for one delivery attempt. */
    INVISIBLE(null),
    COMPLETED(FeedbackStatus.SUCCESS),
    REJECTED(FeedbackStatus.REJECTED),
    EXPIRED(FeedbackStatus.EXPIRED),
    DELIVERY_COUNT_EXCEEDED(FeedbackStatus.DELIVERY_COUNT_EXCEEDED),
    PURGED(FeedbackStatus.PURGED);

    private final FeedbackStatus outcome;

    MessageState(FeedbackStatus outcome) {
        this.outcome = outcome;
    }

    public boolean isFinal() {
        return outcome != null;
    }

    /** @return the feedback status of a final state, {@code null} for a pending one */
    public FeedbackStatus outcome() {
        return outcome;
    }
}
