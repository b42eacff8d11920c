package org.openiothub.c2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.HubException;

class AckTest {

    @Test
    void parsesIotHubsValuesInAnyCaseAndDefaultsToNone() {
        assertEquals(Ack.NONE, Ack.parse(null));
        assertEquals(Ack.NONE, Ack.parse(""));
        assertEquals(Ack.NONE, Ack.parse("none"));
        assertEquals(Ack.POSITIVE, Ack.parse("positive"));
        assertEquals(Ack.NEGATIVE, Ack.parse("Negative"));
        assertEquals(Ack.FULL, Ack.parse("FULL"));
        assertThrows(HubException.class, () -> Ack.parse("all"));
    }

    @Test
    void readsTheJavaServiceSdksSpellings() {
        assertEquals(Ack.POSITIVE, Ack.parse("positiveonly"));
        assertEquals(Ack.NEGATIVE, Ack.parse("NegativeOnly"));
        assertThrows(HubException.class, () -> Ack.parse("fullonly"));
        assertThrows(HubException.class, () -> Ack.parse("noneonly"));
    }

    @Test
    void eachKindHearsItsOutcomes() {
        for (FeedbackStatus status : FeedbackStatus.values()) {
            assertFalse(Ack.NONE.wants(status));
            assertTrue(Ack.FULL.wants(status));
            assertEquals(status == FeedbackStatus.SUCCESS, Ack.POSITIVE.wants(status));
            assertEquals(status != FeedbackStatus.SUCCESS, Ack.NEGATIVE.wants(status));
        }
    }

    @Test
    void wireNamesAreLowerCase() {
        assertEquals("full", Ack.FULL.wireName());
    }
}
