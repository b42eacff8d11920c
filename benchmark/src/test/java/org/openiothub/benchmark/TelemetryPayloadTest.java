package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TelemetryPayloadTest {

    @Test
    void bodyIsAJsonReadingOfExactlyTheRequestedSize() {
        String body = new String(TelemetryPayload.json("bench-0001", 100), StandardCharsets.UTF_8);

        assertEquals(100, body.length());
        assertTrue(body.startsWith("{\"deviceId\":\"bench-0001\",\"temperature\":21.5,"), body);
        assertTrue(body.endsWith("xx\"}"), body);
    }

    @Test
    void smallSizesFallBackToAPaddingObject() {
        assertEquals("{\"pad\":\"xxxxxx\"}",
                new String(TelemetryPayload.json("bench-0001", 16), StandardCharsets.UTF_8));
    }
}
