package org.openiothub.c2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

class FeedbackJsonTest {

    private static final Instant AT = Instant.parse("2030-07-28T16:24:48.789Z");

    @Test
    void aBatchIsAnArrayOfIotHubRecords() {
        byte[] body = FeedbackJson.of(List.of(
                new FeedbackRecord("mid-1", "dev1", "637000000000000000", FeedbackStatus.SUCCESS, AT),
                new FeedbackRecord("mid-2", "dev2", null, FeedbackStatus.DELIVERY_COUNT_EXCEEDED, AT.plusMillis(1))));
        JsonArray records = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readArray();

        assertEquals(2, records.size());
        JsonObject first = records.getJsonObject(0);
        assertEquals(Set.of("originalMessageId", "description", "deviceGenerationId", "deviceId", "enqueuedTimeUtc",
                "statusCode"), first.keySet());
        assertEquals("mid-1", first.getString("originalMessageId"));
        assertEquals("dev1", first.getString("deviceId"));
        assertEquals("637000000000000000", first.getString("deviceGenerationId"));
        assertEquals("Success", first.getString("statusCode"));
        assertEquals("Success", first.getString("description"));
        assertEquals("2030-07-28T16:24:48.789Z", first.getString("enqueuedTimeUtc"));

        JsonObject second = records.getJsonObject(1);
        assertEquals("DeliveryCountExceeded", second.getString("statusCode"));
        assertTrue(second.isNull("deviceGenerationId"));
    }

    /** The Java service SDK reads the body through Binary.toString(), which escapes all else as {@code \\xNN}. */
    @Test
    void aBatchIsPrintableAsciiWithoutEscapes() {
        String id = "!#$%'()*+,-.:;=?@_" + "Az09";
        byte[] body = FeedbackJson.of(List.of(new FeedbackRecord(id, "d(1)=@$'", null, FeedbackStatus.DELIVERY_COUNT_EXCEEDED, AT)));
        for (byte b : body) {
            assertTrue(b >= 32 && b < 127 && b != '\\', "printable ASCII, no backslash: " + (char) b);
        }
    }

    @Test
    void timesAlwaysCarryMilliseconds() {
        assertEquals("2030-01-01T00:00:00.000Z", FeedbackJson.time(Instant.parse("2030-01-01T00:00:00Z")));
        assertEquals("2030-01-01T00:00:00.123Z", FeedbackJson.time(Instant.parse("2030-01-01T00:00:00.123456789Z")));
    }

    @Test
    void statusCodesAreIotHubs() {
        List<String> codes = new ArrayList<>();
        for (FeedbackStatus status : FeedbackStatus.values()) {
            codes.add(status.statusCode());
        }
        assertEquals(List.of("Success", "Expired", "DeliveryCountExceeded", "Rejected", "Purged"), codes);
    }

    @Test
    void aBatchIsDueAtSixtyFourRecordsOrFifteenSecondsAfterItsOldest() {
        Instant now = AT.plusSeconds(10);
        assertFalse(JpaFeedbackOutbox.isDue(List.of(), now));
        List<FeedbackRecord> young = List.of(record(AT));
        assertFalse(JpaFeedbackOutbox.isDue(young, now));
        assertTrue(JpaFeedbackOutbox.isDue(young, AT.plus(Duration.ofSeconds(15))));
        List<FeedbackRecord> full = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            full.add(record(AT));
        }
        assertTrue(JpaFeedbackOutbox.isDue(full, AT));
    }

    private static FeedbackRecord record(Instant at) {
        return new FeedbackRecord("m", "d", "g", FeedbackStatus.EXPIRED, at);
    }
}
