package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

class Http1RequestWriterTest {

    @Test
    void writesRequestLineHostCommonHeadersOwnHeadersLengthAndBody() {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("Authorization", "SharedAccessSignature sr=h&sig=x");
        common.put("Accept", "application/json");
        Http1RequestWriter writer = new Http1RequestWriter("hub.local:443", common);

        ByteBuf bytes = writer.write(new ServiceRequest("POST", "/devices/d1/messages/deviceBound?api-version=v",
                "application/octet-stream", Map.of("iothub-messageid", "m-1"),
                "h\u00e9".getBytes(StandardCharsets.UTF_8)), UnpooledByteBufAllocator.DEFAULT);
        try {
            assertEquals("POST /devices/d1/messages/deviceBound?api-version=v HTTP/1.1\r\n"
                            + "Host: hub.local:443\r\n"
                            + "Authorization: SharedAccessSignature sr=h&sig=x\r\n"
                            + "Accept: application/json\r\n"
                            + "Content-Type: application/octet-stream\r\n"
                            + "iothub-messageid: m-1\r\n"
                            + "Content-Length: 3\r\n"
                            + "\r\n"
                            + "h\u00e9",
                    bytes.toString(StandardCharsets.UTF_8));
        } finally {
            bytes.release();
        }
    }

    @Test
    void aCommonHeaderWithALineBreakIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Http1RequestWriter("h:1", Map.of("Authorization", "x\r\nEvil: 1")));
    }
}
