package org.openiothub.c2d;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * The body of a feedback message as IoT Hub writes it: a JSON array of records
 * {@code {"originalMessageId","description","deviceGenerationId","deviceId","enqueuedTimeUtc","statusCode"}}.
 */
public final class FeedbackJson {

    public static final String CONTENT_TYPE = "application/vnd.microsoft.iothub.feedback.json";

    /** Milliseconds always present, so that the service SDKs' own date parsers read it. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private FeedbackJson() {
    }

    /** UTF-8 JSON of {@code records}, in their order. */
    public static byte[] of(List<FeedbackRecord> records) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (FeedbackRecord record : records) {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("originalMessageId", record.originalMessageId())
                    .add("description", record.status().description());
            if (record.deviceGenerationId() == null) {
                json.addNull("deviceGenerationId");
            } else {
                json.add("deviceGenerationId", record.deviceGenerationId());
            }
            array.add(json
                    .add("deviceId", record.deviceId())
                    .add("enqueuedTimeUtc", time(record.enqueuedTime()))
                    .add("statusCode", record.status().statusCode()));
        }
        return array.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
