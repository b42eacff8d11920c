package org.openiothub.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DeviceConnectionTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theCloseOfAnOlderConnectionOnAnotherNodeLeavesTheNewOneConnected() {
        DeviceConnection row = new DeviceConnection("dev1");
        row.connectedTo("node1", T0);
        row.connectedTo("node2", T0.plusSeconds(1));
        assertFalse(row.disconnectedFrom("node1", T0.plusSeconds(2)));
        assertTrue(row.connected());
        assertEquals("node2", row.nodeName());
    }

    @Test
    void theCloseOfTheConnectionItNamesDisconnectsTheDevice() {
        DeviceConnection row = new DeviceConnection("dev1");
        row.connectedTo("node1", T0);
        assertTrue(row.disconnectedFrom("node1", T0.plusSeconds(1)));
        assertFalse(row.connected());
        assertEquals(T0.plusSeconds(1), row.stateUpdatedTime());
    }

    @Test
    void aRowFromBeforeNodesWereRecordedIsClosedByAnyNode() {
        DeviceConnection row = new DeviceConnection("dev1");
        assertTrue(row.disconnectedFrom("node1", T0));
        assertFalse(row.connected());
    }
}
