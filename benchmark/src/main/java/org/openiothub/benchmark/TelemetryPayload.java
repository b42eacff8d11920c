package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;

/** The telemetry body: a small JSON reading, padded to an exact byte size. */
final class TelemetryPayload {

    private TelemetryPayload() {
    }

    /**
     * A JSON object of exactly {@code size} UTF-8 bytes. Sizes too small for a reading give {@code {"pad":"xx.."}}.
     *
     * @param size at least {@link BenchmarkOptions#MIN_PAYLOAD_BYTES}
     * @throws IllegalArgumentException when {@code size} is smaller than that
     */
    static byte[] json(String deviceId, int size) {
        if (size < BenchmarkOptions.MIN_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload size " + size + " < " + BenchmarkOptions.MIN_PAYLOAD_BYTES);
        }
        String reading = "{\"deviceId\":\"" + deviceId + "\",\"temperature\":21.5,\"humidity\":48,\"pad\":\"";
        String head = reading.length() + 2 <= size ? reading : "{\"pad\":\"";
        return (head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
