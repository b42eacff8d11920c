package org.openiothub.c2d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QueuedMessageTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LOCK = Duration.ofMinutes(1);

    private static QueuedMessage queued(Ack ack) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("b", "2");
        properties.put("a", "1");
        CloudToDeviceMessage message = new CloudToDeviceMessage("mid", "cid", null, null, ack, "application/json",
                "utf-8", properties, "{}".getBytes(StandardCharsets.UTF_8));
        return new QueuedMessage("dev1", "637000000000000000", "mid", message, NOW, NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void aNewMessageIsEnqueuedAndNeverDelivered() {
        QueuedMessage message = queued(Ack.NONE);
        assertEquals(MessageState.ENQUEUED, message.state());
        assertEquals(0, message.deliveryCount());
        assertNull(message.lockToken());
    }

    @Test
    void lockingMakesItInvisibleForTheLockTimeoutAndCountsTheDelivery() {
        QueuedMessage message = queued(Ack.FULL);
        DeviceBoundMessage delivered = message.lock("token-1", NOW, LOCK);

        assertEquals(MessageState.INVISIBLE, message.state());
        assertEquals(1, message.deliveryCount());
        assertEquals(NOW.plus(LOCK), message.lockedUntil());
        assertTrue(message.isLockedBy("token-1", NOW.plusSeconds(59)));
        assertFalse(message.isLockedBy("token-1", NOW.plusSeconds(60)), "the lock lapses after a minute");
        assertFalse(message.isLockedBy("token-2", NOW), "another token holds nothing");
        assertTrue(message.lockLapsed(NOW.plusSeconds(60)));

        assertEquals("token-1", delivered.lockToken());
        assertEquals("mid", delivered.messageId());
        assertEquals("cid", delivered.correlationId());
        assertEquals("/devices/dev1/messages/deviceBound", delivered.to());
        assertEquals("full", delivered.ack());
        assertEquals("application/json", delivered.contentType());
        assertEquals("utf-8", delivered.contentEncoding());
        assertEquals(NOW.plus(Duration.ofHours(1)), delivered.expiryTime());
        assertEquals(1, delivered.deliveryCount());
        assertEquals(List.of("b", "a"), List.copyOf(delivered.applicationProperties().keySet()), "sender's order");
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), delivered.body());
    }

    @Test
    void aLockedMessageCannotBeLockedAgain() {
        QueuedMessage message = queued(Ack.NONE);
        message.lock("token-1", NOW, LOCK);
        assertThrows(IllegalStateException.class, () -> message.lock("token-2", NOW, LOCK));
    }

    @Test
    void completingEndsItWithSuccessFeedbackWhenAsked() {
        for (Ack ack : Ack.values()) {
            QueuedMessage message = queued(ack);
            message.lock("t", NOW, LOCK);
            message.complete();
            assertEquals(MessageState.COMPLETED, message.state());
            FeedbackRecord feedback = message.feedback(NOW.plusSeconds(1));
            if (ack == Ack.POSITIVE || ack == Ack.FULL) {
                assertNotNull(feedback, ack.name());
                assertEquals(FeedbackStatus.SUCCESS, feedback.status());
                assertEquals("mid", feedback.originalMessageId());
                assertEquals("dev1", feedback.deviceId());
                assertEquals("637000000000000000", feedback.deviceGenerationId());
                assertEquals(NOW.plusSeconds(1), feedback.enqueuedTime());
            } else {
                assertNull(feedback, ack.name());
            }
        }
    }

    @Test
    void rejectingKillsItWithNegativeFeedback() {
        QueuedMessage message = queued(Ack.NEGATIVE);
        message.lock("t", NOW, LOCK);
        message.reject();
        assertEquals(MessageState.REJECTED, message.state());
        assertEquals(FeedbackStatus.REJECTED, message.feedback(NOW).status());
    }

    @Test
    void onlyALockedMessageCanBeCompletedRejectedOrAbandoned() {
        QueuedMessage message = queued(Ack.FULL);
        assertThrows(IllegalStateException.class, message::complete);
        assertThrows(IllegalStateException.class, message::reject);
        assertThrows(IllegalStateException.class, () -> message.abandon(10));
        assertNull(message.feedback(NOW), "a pending message has no feedback");
    }

    @Test
    void abandoningPutsItBackUntilTheDeliveryCountIsExceeded() {
        QueuedMessage message = queued(Ack.FULL);
        for (int delivery = 1; delivery < 3; delivery++) {
            message.lock("t" + delivery, NOW, LOCK);
            assertEquals(MessageState.ENQUEUED, message.abandon(3));
            assertNull(message.lockToken());
            assertFalse(message.isLockedBy("t" + delivery, NOW));
        }
        message.lock("t3", NOW, LOCK);
        assertEquals(3, message.deliveryCount());
        assertEquals(MessageState.DELIVERY_COUNT_EXCEEDED, message.abandon(3));
        assertEquals(FeedbackStatus.DELIVERY_COUNT_EXCEEDED, message.feedback(NOW).status());
    }

    @Test
    void withAMaximumOfOneTheFirstFailedDeliveryIsTheLast() {
        QueuedMessage message = queued(Ack.NEGATIVE);
        message.lock("t", NOW, LOCK);
        assertEquals(MessageState.DELIVERY_COUNT_EXCEEDED, message.abandon(1));
    }

    @Test
    void aLapsedLockPutsTheMessageBackForTheNextDelivery() {
        QueuedMessage message = queued(Ack.FULL);
        message.lock("t1", NOW, LOCK);
        Instant lapsed = NOW.plus(LOCK);
        assertTrue(message.lockLapsed(lapsed));
        assertEquals(MessageState.ENQUEUED, message.release(10, lapsed));
        assertFalse(message.isLockedBy("t1", lapsed), "the old lock holds nothing any more");
        assertEquals(2, message.lock("t2", lapsed, LOCK).deliveryCount());
    }

    @Test
    void aLapsedLockOfAMessageWhoseTimeRanOutEndsItAsExpired() {
        QueuedMessage message = queued(Ack.NEGATIVE);
        message.lock("t1", NOW.plus(Duration.ofMinutes(59)).plusSeconds(30), LOCK);
        assertEquals(MessageState.EXPIRED, message.release(10, NOW.plus(Duration.ofHours(1)).plusSeconds(30)));
        assertEquals(FeedbackStatus.EXPIRED, message.feedback(NOW).status());
    }

    @Test
    void aLapsedLockOfTheLastAllowedDeliveryEndsItAsDeliveryCountExceeded() {
        QueuedMessage message = queued(Ack.FULL);
        message.lock("t1", NOW, LOCK);
        assertEquals(MessageState.DELIVERY_COUNT_EXCEEDED, message.release(1, NOW.plus(LOCK)));
    }

    @Test
    void expiryIsReachedAtTheExpiryTime() {
        QueuedMessage message = queued(Ack.NEGATIVE);
        assertFalse(message.isExpired(NOW.plus(Duration.ofMinutes(59))));
        assertTrue(message.isExpired(NOW.plus(Duration.ofHours(1))));
        message.expire();
        assertEquals(MessageState.EXPIRED, message.state());
        assertEquals(FeedbackStatus.EXPIRED, message.feedback(NOW).status());
    }

    @Test
    void positiveAckHearsNothingOfFailures() {
        QueuedMessage message = queued(Ack.POSITIVE);
        message.expire();
        assertNull(message.feedback(NOW));
    }

    @Test
    void purgingEndsAPendingMessageEvenWhenLocked() {
        QueuedMessage message = queued(Ack.FULL);
        message.lock("t", NOW, LOCK);
        message.purge();
        assertEquals(MessageState.PURGED, message.state());
        assertEquals(FeedbackStatus.PURGED, message.feedback(NOW).status());
        assertThrows(IllegalStateException.class, message::purge, "a final state is final");
        assertThrows(IllegalStateException.class, message::expire);
    }

    @Test
    void theDeliveredBodyIsACopy() {
        QueuedMessage message = queued(Ack.NONE);
        DeviceBoundMessage delivered = message.lock("t", NOW, LOCK);
        delivered.body()[0] = 'X';
        message.abandon(10);
        assertEquals('{', message.lock("t2", NOW, LOCK).body()[0]);
    }
}
