package org.openiothub.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArtemisClusterBusTest {

    @Test
    void aNodeTakesWhatOtherNodesSendToAllOrToItOnly() {
        assertEquals("hubOrigin <> 'node1' AND (hubTarget IS NULL OR hubTarget = 'node1')",
                ArtemisClusterBus.filterFor("node1"));
    }

    @Test
    void aQuoteInANodeNameCannotBreakOutOfTheFilter() {
        assertEquals("hubOrigin <> 'it''s' AND (hubTarget IS NULL OR hubTarget = 'it''s')",
                ArtemisClusterBus.filterFor("it's"));
    }
}
