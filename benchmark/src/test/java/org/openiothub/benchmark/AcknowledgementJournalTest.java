package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AcknowledgementJournalTest {

    private static final String DEVICE_JSON = "{\"deviceId\":\"d1\",\"authentication\":{\"type\":\"sas\","
            + "\"symmetricKey\":{\"primaryKey\":\"a2V5MQ==\",\"secondaryKey\":\"a2V5Mg==\"}}}";
    private static final StateAfterRestart NOTHING_READ = new StateAfterRestart(Map.of(), Set.of(), Map.of(), Map.of());

    private final AcknowledgementJournal journal = new AcknowledgementJournal();

    @Test
    void aRoundWithNothingAcknowledgedPasses() {
        assertTrue(journal.verify(NOTHING_READ).passed());
    }

    @Test
    void aCreatedDeviceCountsAsKeptOnlyWhenItReadsWithItsKeyAndThatKeyConnects() {
        journal.deviceCreated("d1", "a2V5MQ==");

        assertTrue(journal.verify(new StateAfterRestart(Map.of("d1", new ServiceReply(200, DEVICE_JSON)), Set.of("d1"),
                Map.of(), Map.of())).passed());
        assertEquals(List.of("d1: key refused over MQTT"), journal.verify(new StateAfterRestart(
                Map.of("d1", new ServiceReply(200, DEVICE_JSON)), Set.of(), Map.of(), Map.of()))
                .lost(OperationKind.DEVICE_CREATE));
        assertEquals(List.of("d1: GET /devices answered 404"), journal.verify(new StateAfterRestart(
                Map.of("d1", new ServiceReply(404, "{}")), Set.of(), Map.of(), Map.of()))
                .lost(OperationKind.DEVICE_CREATE));
    }

    @Test
    void aDeviceReadWithAnotherKeyThanTheAcknowledgedOneIsLost() {
        journal.deviceCreated("d1", "b3RoZXI=");

        RoundVerdict verdict = journal.verify(new StateAfterRestart(Map.of("d1", new ServiceReply(200, DEVICE_JSON)),
                Set.of("d1"), Map.of(), Map.of()));

        assertEquals(1, verdict.lost(OperationKind.DEVICE_CREATE).size());
    }

    @Test
    void anImportedDeviceThatNoLongerReadsIsLost() {
        journal.devicesImported(List.of("i1", "i2"));

        RoundVerdict verdict = journal.verify(new StateAfterRestart(Map.of("i1", new ServiceReply(200, "{}"),
                "i2", new ServiceReply(404, "{}")), Set.of(), Map.of(), Map.of()));

        assertEquals(2, verdict.acknowledged(OperationKind.DEVICE_IMPORT));
        assertEquals(List.of("i2: GET /devices answered 404"), verdict.lost(OperationKind.DEVICE_IMPORT));
    }

    @Test
    void aTwinValueAtOrAboveTheLastAcknowledgedOneIsKeptAndOneBelowItIsLost() {
        journal.twinPatched(TwinValue.DESIRED, "d1", 6);
        journal.twinPatched(TwinValue.DESIRED, "d1", 7);
        journal.twinPatched(TwinValue.TAG, "d1", 3);
        journal.twinPatched(TwinValue.REPORTED, "d1", 9);
        // The desired patch with 8 was in flight at the crash and landed; the last reported one did not.
        String twin = "{\"deviceId\":\"d1\",\"tags\":{\"crashTag\":3},\"properties\":{\"desired\":{\"crashDesired\":8,"
                + "\"$metadata\":{\"crashDesired\":{\"$lastUpdated\":\"2030-01-01T00:00:00Z\"}}},"
                + "\"reported\":{\"crashReported\":8}}}";

        RoundVerdict verdict = journal.verify(new StateAfterRestart(Map.of(), Set.of(),
                Map.of("d1", new ServiceReply(200, twin)), Map.of()));

        assertEquals(2, verdict.acknowledged(OperationKind.DESIRED_PATCH));
        assertEquals(List.of(), verdict.lost(OperationKind.DESIRED_PATCH));
        assertEquals(List.of(), verdict.lost(OperationKind.TAG_PATCH));
        assertEquals(List.of("d1: crashReported 8, 9 acknowledged"), verdict.lost(OperationKind.REPORTED_PATCH));
    }

    @Test
    void aTwinWithoutTheAcknowledgedPropertyLosesIt() {
        journal.twinPatched(TwinValue.TAG, "d1", 1);

        RoundVerdict verdict = journal.verify(new StateAfterRestart(Map.of(), Set.of(),
                Map.of("d1", new ServiceReply(200, "{\"tags\":{}}")), Map.of()));

        assertEquals(List.of("d1: crashTag absent, 1 acknowledged"), verdict.lost(OperationKind.TAG_PATCH));
    }

    @Test
    void cloudToDeviceMessagesCountAsDeliveredWhetherReceivedBeforeTheCrashOrAfterTheRestart() {
        journal.cloudToDeviceSent("d1", "m1");
        journal.cloudToDeviceReceived("m1");
        journal.cloudToDeviceSent("d1", "m2");
        journal.cloudToDeviceSent("d1", "m3");
        journal.cloudToDeviceReceived("m3");
        journal.cloudToDeviceReceived("m3");

        RoundVerdict verdict = journal.verify(NOTHING_READ);

        assertEquals(3, verdict.acknowledged(OperationKind.CLOUD_TO_DEVICE));
        assertEquals(List.of("m2 to d1: never delivered"), verdict.lost(OperationKind.CLOUD_TO_DEVICE));
    }

    @Test
    void telemetryAcknowledgedAndNeverReadIsLostWhileUnacknowledgedTelemetryReadIsNoMatter() {
        journal.telemetryAcknowledged("t1");
        journal.telemetryAcknowledged("t2");
        journal.telemetryRead("t1");
        journal.telemetryRead("t3");

        assertEquals(Set.of("t2"), journal.telemetryUnread());
        assertEquals(List.of("t2: not read from the events endpoint"),
                journal.verify(NOTHING_READ).lost(OperationKind.TELEMETRY));
    }

    @Test
    void aJobMustStillReadAsScheduled() {
        journal.jobCreated("j1");
        journal.jobCreated("j2");
        journal.jobCreated("j3");

        RoundVerdict verdict = journal.verify(new StateAfterRestart(Map.of(), Set.of(), Map.of(), Map.of(
                "j1", new ServiceReply(200, "{\"jobId\":\"j1\",\"status\":\"scheduled\"}"),
                "j2", new ServiceReply(200, "{\"jobId\":\"j2\",\"status\":\"failed\"}"),
                "j3", new ServiceReply(404, "{}"))));

        assertEquals(List.of("j2: no longer scheduled", "j3: GET /jobs/v2 answered 404"),
                verdict.lost(OperationKind.JOB_CREATE));
    }

    @Test
    void readsAnswered5xxAfterTheRestartFailTheRoundBesideThoseOfTheLoad() {
        journal.serverError("PATCH /twins/d1 crashDesired answered 503: busy");
        journal.twinPatched(TwinValue.TAG, "d2", 1);

        RoundVerdict verdict = journal.verify(new StateAfterRestart(Map.of(), Set.of(),
                Map.of("d2", new ServiceReply(500, "{\"Message\":\"ErrorCode:ServerError\"}")), Map.of()));

        assertEquals(2, verdict.serverErrors().size());
        assertTrue(verdict.serverErrors().get(1).startsWith("GET /twins/d2 answered 500"));
        assertFalse(verdict.passed());
    }

    @Test
    void refusalsAreTalliedByKind() {
        journal.refused("POST /devices/{id}/messages/deviceBound 403");
        journal.refused("POST /devices/{id}/messages/deviceBound 403");

        assertEquals(Map.of("POST /devices/{id}/messages/deviceBound 403", 2L), journal.refusals());
        assertTrue(journal.verify(NOTHING_READ).passed());
    }
}
