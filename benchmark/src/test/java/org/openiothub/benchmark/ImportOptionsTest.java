package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ImportOptionsTest {

    private static final String CONNECTION = "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=AAAA";

    @Test
    void defaultsAreOneHundredThousandDevicesIntoTheBlobsDirBesideTheCa() {
        ImportOptions options = ImportOptions.parse(List.of("--connection-string", CONNECTION, "--ca", "/data/hub/tls/ca.pem"));
        assertEquals(100_000, options.devices());
        assertEquals(Path.of("/data/hub/blobs"), options.blobsDir());
        assertEquals("import-bench", options.container());
    }

    @Test
    void optionsOverrideTheDefaults() {
        ImportOptions options = ImportOptions.parse(List.of("--connection-string", CONNECTION, "--ca", "ca.pem",
                "--devices", "500", "--blobs-dir", "/b", "--container", "c", "--timeout", "30"));
        assertEquals(500, options.devices());
        assertEquals(Path.of("/b"), options.blobsDir());
        assertEquals("c", options.container());
        assertEquals(30, options.timeoutSeconds());
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.parse(List.of("--ca", "ca.pem")));
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.parse(List.of("--connection-string", CONNECTION,
                "--ca", "ca.pem", "--devices", "0")));
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.parse(List.of("--connection-string", CONNECTION,
                "--ca", "ca.pem", "--devices")));
    }
}
