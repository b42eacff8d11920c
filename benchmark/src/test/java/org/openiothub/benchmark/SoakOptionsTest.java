package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakOptionsTest {

    private static final String OWNER = "HostName=hub.local;SharedAccessKeyName=iothubowner;SharedAccessKey=a2V5a2V5=";

    @TempDir
    Path dir;

    @Test
    void defaultsAreThirtyModerateMinutes() throws IOException {
        SoakOptions options = SoakOptions.parse(args());

        assertEquals(30, options.minutes());
        assertEquals(1800, options.durationSeconds());
        assertEquals(300, options.warmupSeconds());
        assertEquals(300, options.devices());
        assertEquals(100, options.churnDevices());
        assertEquals(10, options.churnPerRound());
        assertEquals(100, options.telemetryRate());
        assertEquals(0, options.serverPid());
        assertEquals("soak-0001", options.deviceId(0));
    }

    @Test
    void aShortRunNeedsAShorterWarmUp() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(args("--minutes", "3")));

        SoakOptions options = SoakOptions.parse(args("--minutes", "3", "--warmup", "60", "--server-pid", "4242"));
        assertEquals(180, options.durationSeconds());
        assertEquals(4242, options.serverPid());
    }

    @Test
    void churnNeverTakesEveryDeviceNorMoreThanItsPool() throws IOException {
        assertThrows(IllegalArgumentException.class,
                () -> SoakOptions.parse(args("--devices", "10", "--churn-devices", "10")));

        SoakOptions options = SoakOptions.parse(args("--devices", "10", "--churn-devices", "3",
                "--churn-per-round", "5"));
        assertEquals(3, options.churnPerRound());
    }

    @Test
    void theBackEndLoadsGetTheSoakRatesAndTarget() throws IOException {
        SoakOptions options = SoakOptions.parse(args("--method-rate", "7"));

        HubLoadOptions methods = options.serviceLoad("methods", options.methodRate(), 16, 30);
        assertEquals(7, methods.rate());
        assertEquals("hub.local", methods.host());
        assertEquals(1800, methods.durationSeconds());
        assertEquals(30, methods.timeoutSeconds());
    }

    @Test
    void rejectsANegativeProcessId() {
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(args("--server-pid", "-1")));
    }

    private List<String> args(String... more) throws IOException {
        Path ca = dir.resolve("ca.pem");
        if (!Files.exists(ca)) {
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        }
        List<String> args = new ArrayList<>(List.of("--connection-string", OWNER, "--ca", ca.toString()));
        args.addAll(List.of(more));
        return args;
    }
}
