package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DirectMethodLoadTest {

    @Test
    void aCallCompletesOnlyWhenTheDeviceAnswered200() {
        assertTrue(DirectMethodLoad.deviceStatusIs200("{\"status\":200,\"payload\":{\"ok\":true}}"));
        assertTrue(DirectMethodLoad.deviceStatusIs200("{ \"status\" : 200 }"));
        assertFalse(DirectMethodLoad.deviceStatusIs200("{\"status\":2000,\"payload\":null}"));
        assertFalse(DirectMethodLoad.deviceStatusIs200("{\"status\":500,\"payload\":{\"status\":200}}"));
        assertFalse(DirectMethodLoad.deviceStatusIs200("{\"payload\":{}}"));
        assertFalse(DirectMethodLoad.deviceStatusIs200("{\"status\":"));
    }
}
