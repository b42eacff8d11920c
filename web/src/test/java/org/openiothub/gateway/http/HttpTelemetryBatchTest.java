package org.openiothub.gateway.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class HttpTelemetryBatchTest {

    @Test
    void theJavaSdksBatchIsReadWithBase64BodiesAndProperties() {
        String json = "[{\"body\":\"aGVsbG8=\",\"base64Encoded\":true,\"properties\":{\"iothub-messageid\":\"m1\","
                + "\"iothub-app-level\":\"3\"}},{\"body\":\"d29ybGQ=\",\"base64Encoded\":true}]";
        List<HttpTelemetryBatch.Entry> entries = HttpTelemetryBatch.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, entries.size());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), entries.get(0).body());
        assertEquals(Map.of("iothub-messageid", "m1", "iothub-app-level", "3"), entries.get(0).properties());
        assertArrayEquals("world".getBytes(StandardCharsets.UTF_8), entries.get(1).body());
        assertEquals(Map.of(), entries.get(1).properties());
    }

    @Test
    void aTextBodyMarkedAsNotBase64IsTakenAsUtf8() {
        List<HttpTelemetryBatch.Entry> entries = HttpTelemetryBatch.parse(
                "[{\"body\":\"caf\u00e9\",\"base64Encoded\":false}]".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("caf\u00e9".getBytes(StandardCharsets.UTF_8), entries.get(0).body());
    }

    /** As the Node SDK's HTTP transport and the C SDK (for a byte array) send a batch. */
    @Test
    void aBodyWithoutTheFlagIsBase64() {
        String json = "[{\"body\": \"eyJuIjoxfQ==\", \"properties\":{\"iothub-app-n\":\"1\"}},{\"body\": \"eyJuIjoyfQ==\"}]";
        List<HttpTelemetryBatch.Entry> entries = HttpTelemetryBatch.parse(json.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{\"n\":1}".getBytes(StandardCharsets.UTF_8), entries.get(0).body());
        assertEquals(Map.of("iothub-app-n", "1"), entries.get(0).properties());
        assertArrayEquals("{\"n\":2}".getBytes(StandardCharsets.UTF_8), entries.get(1).body());
    }

    @Test
    void malformedBatchesAreFormatErrors() {
        for (String json : List.of("{}", "[1]", "[{\"nobody\":1}]", "[{\"body\":\"***\",\"base64Encoded\":true}]",
                "[{\"body\":\"***\"}]", "[{\"body\":\"eA==\",\"properties\":[]}]", "[")) {
            HubException e = assertThrows(HubException.class, () -> HttpTelemetryBatch.parse(json.getBytes(StandardCharsets.UTF_8)), json);
            assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, e.errorCode(), json);
        }
        assertEquals(ErrorCode.ARGUMENT_INVALID, assertThrows(HubException.class,
                () -> HttpTelemetryBatch.parse("[]".getBytes(StandardCharsets.UTF_8))).errorCode());
    }

    @Test
    void theBatchContentTypeIsRecognisedWithParameters() {
        assertTrue(HttpTelemetryBatch.isBatch("application/vnd.microsoft.iothub.json"));
        assertTrue(HttpTelemetryBatch.isBatch("Application/vnd.microsoft.iothub.json; charset=utf-8"));
        assertFalse(HttpTelemetryBatch.isBatch("binary/octet-stream"));
        assertFalse(HttpTelemetryBatch.isBatch(null));
    }
}
