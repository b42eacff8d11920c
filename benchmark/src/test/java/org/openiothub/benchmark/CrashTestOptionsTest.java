package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CrashTestOptionsTest {

    @Test
    void defaultsAreTenRoundsOfEveryOperation() {
        CrashTestOptions options = CrashTestOptions.parse(List.of());

        assertEquals(10, options.rounds());
        assertEquals(8, options.devices());
        assertEquals(5000, options.loadMillis());
        assertEquals(Set.of(), options.skipped());
        assertEquals("crash-fleet-01", options.fleetDeviceId(0));
    }

    @Test
    void skipNamesTheOperationsLeftOut() {
        CrashTestOptions options = CrashTestOptions.parse(List.of("--rounds", "2", "--skip", "c2d,jobs", "--seed=7"));

        assertEquals(2, options.rounds());
        assertEquals(7, options.seed());
        assertFalse(options.loads(OperationKind.CLOUD_TO_DEVICE));
        assertFalse(options.loads(OperationKind.JOB_CREATE));
        assertTrue(options.loads(OperationKind.TELEMETRY));
    }

    @Test
    void refusesUnknownOperationsAndUnboundedRounds() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CrashTestOptions.parse(List.of("--skip", "methods")));
        assertTrue(unknown.getMessage().contains("methods"));
        assertThrows(IllegalArgumentException.class, () -> CrashTestOptions.parse(List.of("--rounds", "0")));
        assertThrows(IllegalArgumentException.class, () -> CrashTestOptions.parse(List.of("--load-seconds", "0")));
    }
}
