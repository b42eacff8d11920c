package org.openiothub.gateway.coap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.openiothub.auth.PreSharedKeys.KeySlot;

class CoapPskIdentityTest {

    @Test
    void aDeviceIdUsesThePrimaryKey() {
        CoapPskIdentity identity = CoapPskIdentity.parse("sensor-1");
        assertEquals("sensor-1", identity.deviceId());
        assertNull(identity.moduleId());
        assertEquals(KeySlot.PRIMARY, identity.slot());
    }

    @Test
    void aModuleIsNamedAfterItsDeviceAndTheSuffixSelectsTheSecondaryKey() {
        CoapPskIdentity identity = CoapPskIdentity.parse("gateway-7/filter;secondary");
        assertEquals("gateway-7", identity.deviceId());
        assertEquals("filter", identity.moduleId());
        assertEquals(KeySlot.SECONDARY, identity.slot());
    }

    @Test
    void identitiesThatNameNoDeviceAreRefused() {
        for (String identity : new String[] {"", "/module", "device/", "a/b/c", "device;primary", ";secondary"}) {
            assertThrows(IllegalArgumentException.class, () -> CoapPskIdentity.parse(identity), identity);
        }
    }
}
