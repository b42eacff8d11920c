package org.openiothub.twin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times in twins as IoT Hub writes them: UTC with seven fraction digits, {@code 2016-06-01T21:22:43.7996883Z}. */
final class TwinTimes {

    /** IoT Hub writes this for times that never happened. */
    static final String NEVER = "0001-01-01T00:00:00Z";

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TwinTimes() {
    }

    static String format(Instant instant) {
        return instant == null ? NEVER : FORMAT.format(instant);
    }

    /** @throws IllegalArgumentException when {@code text} is not an ISO-8601 instant */
    static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not a twin time: " + text, e);
        }
    }
}
