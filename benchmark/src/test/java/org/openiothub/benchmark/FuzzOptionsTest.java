package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FuzzOptionsTest {

    private static final String OWNER = "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=a2V5";

    private static FuzzOptions parse(String... more) throws Exception {
        Path ca = Files.createTempFile("ca", ".pem");
        ca.toFile().deleteOnExit();
        List<String> args = new ArrayList<>(List.of("--connection-string", OWNER, "--ca", ca.toString()));
        args.addAll(List.of(more));
        return FuzzOptions.parse(args);
    }

    @Test
    void defaultsAreAMinuteOnLoopback() throws Exception {
        FuzzOptions options = parse();
        assertEquals(60, options.seconds());
        assertEquals("127.0.0.1", options.host());
        assertEquals(4, options.workers());
        assertEquals(0, options.serverPid());
        assertEquals(30, options.connectTimeout());
    }

    @Test
    void optionsAreRead() throws Exception {
        FuzzOptions options = parse("--seconds", "180", "--seed", "42", "--server-pid", "1234", "--max-cases", "10");
        assertEquals(180, options.seconds());
        assertEquals(42, options.seed());
        assertEquals(1234, options.serverPid());
        assertEquals(10, options.maxCases());
    }

    @Test
    void onlyLoopbackHubsAreFuzzed() {
        assertThrows(IllegalArgumentException.class, () -> parse("--host", "10.0.0.7"));
        assertThrows(IllegalArgumentException.class, () -> parse("--seconds", "0"));
        assertThrows(IllegalArgumentException.class, () -> parse("--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> FuzzOptions.parse(List.of("--ca", "/nonexistent")));
    }
}
