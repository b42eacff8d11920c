package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ServiceApiClientTest {

    @Test
    void deviceIdsAreEncodedAsTheUrlEncoderDoes() {
        for (String id : new String[] {"bench-0001", "a.b_c", "dev 1", "d+1", "caf\u00e9", "x~y", "a*b", "%"}) {
            assertEquals(URLEncoder.encode(id, StandardCharsets.UTF_8), ServiceApiClient.encode(id), id);
        }
    }
}
