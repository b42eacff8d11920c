package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TelemetryLedgerTest {

    private final TelemetryLedger ledger = new TelemetryLedger();

    @Test
    void everyAcknowledgedMessageReceivedLeavesNothingMissing() {
        TelemetrySequence device = ledger.sequence("d1");
        for (int i = 0; i < 3; i++) {
            long seq = device.next();
            device.acknowledged(seq);
            ledger.received("d1", Long.toString(seq));
        }

        TelemetryLedger.Totals totals = ledger.totals();
        assertEquals(3, totals.acked());
        assertEquals(3, totals.received());
        assertEquals(0, totals.missing());
        assertTrue(ledger.missingByDevice().isEmpty());
    }

    @Test
    void anAcknowledgedMessageNeverReceivedIsMissingAndNamesItsDevice() {
        TelemetrySequence d1 = ledger.sequence("d1");
        TelemetrySequence d2 = ledger.sequence("d2");
        d1.acknowledged(d1.next());
        d2.acknowledged(d2.next());
        d2.acknowledged(d2.next());
        ledger.received("d1", "1");
        ledger.received("d2", "2");

        assertEquals(1, ledger.totals().missing());
        assertEquals(Map.of("d2", 1L), ledger.missingByDevice());
    }

    @Test
    void numbersContinueAcrossConnectionsOfTheSameDevice() {
        assertEquals(1, ledger.sequence("d1").next());
        assertEquals(2, ledger.sequence("d1").next());
        assertEquals(1, ledger.sequence("d2").next());
    }

    @Test
    void theSameNumberOfAnotherDeviceDoesNotCount() {
        TelemetrySequence d1 = ledger.sequence("d1");
        d1.acknowledged(d1.next());
        ledger.received("d2", "1");

        assertEquals(1, ledger.totals().missing());
    }

    @Test
    void redeliveriesAndUnacknowledgedReceptionsAreCountedNotMissing() {
        TelemetrySequence device = ledger.sequence("d1");
        long acked = device.next();
        device.acknowledged(acked);
        long unacked = device.next();
        ledger.received("d1", acked);
        ledger.received("d1", Long.toString(acked));
        ledger.received("d1", Long.toString(unacked));

        TelemetryLedger.Totals totals = ledger.totals();
        assertEquals(0, totals.missing());
        assertEquals(1, totals.duplicates());
        assertEquals(1, totals.unacknowledged());
        assertEquals(2, totals.received());
    }

    @Test
    void messagesWithoutDeviceOrNumberAreUnattributed() {
        ledger.received(null, "1");
        ledger.received("d1", null);
        ledger.received("d1", "x");
        ledger.received("d1", "0");

        assertEquals(4, ledger.totals().unattributed());
        assertEquals(0, ledger.totals().received());
    }
}
