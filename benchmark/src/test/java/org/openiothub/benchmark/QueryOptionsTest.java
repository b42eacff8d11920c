package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QueryOptionsTest {

    private static final String OWNER = "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=a2V5";

    private static QueryOptions parse(String... more) throws Exception {
        Path ca = Files.createTempFile("ca", ".pem");
        ca.toFile().deleteOnExit();
        List<String> args = new java.util.ArrayList<>(List.of("--connection-string", OWNER, "--ca", ca.toString()));
        args.addAll(List.of(more));
        return QueryOptions.parse(args);
    }

    @Test
    void defaultsSeedAHundredThousandTwins() throws Exception {
        QueryOptions options = parse();
        assertEquals(100_000, options.devices());
        assertTrue(options.seed());
        assertEquals(200, options.runs());
        assertEquals("query-000001", options.deviceId(0));
    }

    @Test
    void seedingCanBeSkippedAndBadValuesAreRefused() throws Exception {
        assertFalse(parse("--seed", "false").seed());
        assertThrows(IllegalArgumentException.class, () -> parse("--seed", "maybe"));
        assertThrows(IllegalArgumentException.class, () -> parse("--devices", "0"));
    }

    @Test
    void eachBuildingHoldsEveryFirmwareAlike() {
        Map<String, Integer> b42 = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            if (QueryOptions.building(i).equals("b42")) {
                b42.merge(QueryOptions.firmware(i), 1, Integer::sum);
            }
        }
        assertEquals(Map.of("1.0", 40, "1.1", 40, "2.0", 40, "2.1", 40, "3.0", 40), b42);
    }
}
