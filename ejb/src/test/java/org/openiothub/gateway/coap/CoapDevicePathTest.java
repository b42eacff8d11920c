package org.openiothub.gateway.coap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiothub.gateway.coap.CoapDevicePath.Resource;

class CoapDevicePathTest {

    @Test
    void telemetryAndTwinPathsOfADeviceAndAModule() {
        CoapDevicePath telemetry = CoapDevicePath.parse(List.of("devices", "d1", "messages", "events"));
        assertEquals(Resource.TELEMETRY, telemetry.resource());
        assertEquals("d1", telemetry.deviceId());
        assertNull(telemetry.moduleId());
        CoapDevicePath reported = CoapDevicePath.parse(List.of("devices", "d1", "modules", "m1", "twin", "reported"));
        assertEquals(Resource.TWIN_REPORTED, reported.resource());
        assertEquals("m1", reported.moduleId());
        assertEquals(Resource.TWIN, CoapDevicePath.parse(List.of("devices", "d1", "twin")).resource());
    }

    @Test
    void cloudToDevicePathsCarryTheLockToken() {
        assertEquals(Resource.DEVICEBOUND, CoapDevicePath.parse(List.of("devices", "d1", "messages", "devicebound")).resource());
        CoapDevicePath settle = CoapDevicePath.parse(List.of("devices", "d1", "messages", "devicebound", "lock-1"));
        assertEquals(Resource.DEVICEBOUND_MESSAGE, settle.resource());
        assertEquals("lock-1", settle.reference());
        CoapDevicePath abandon = CoapDevicePath.parse(List.of("devices", "d1", "messages", "devicebound", "lock-1", "abandon"));
        assertEquals(Resource.DEVICEBOUND_ABANDON, abandon.resource());
    }

    @Test
    void observedResourcesAndMethodAnswers() {
        assertEquals(Resource.TWIN_DESIRED, CoapDevicePath.parse(List.of("devices", "d1", "twin", "desired")).resource());
        assertEquals(Resource.METHODS, CoapDevicePath.parse(List.of("devices", "d1", "modules", "m1", "methods")).resource());
        CoapDevicePath answer = CoapDevicePath.parse(List.of("devices", "d1", "methods", "rid-7"));
        assertEquals(Resource.METHOD_RESPONSE, answer.resource());
        assertEquals("rid-7", answer.reference());
    }

    @Test
    void aPathBelongsOnlyToTheIdentityItNames() {
        CoapDevicePath path = CoapDevicePath.parse(List.of("devices", "d1", "twin"));
        assertTrue(path.isOf("d1", null));
        assertFalse(path.isOf("d2", null));
        assertFalse(path.isOf("d1", "m1"));
    }

    @Test
    void unknownPathsAreRefused() {
        for (List<String> segments : List.of(List.of("devices"), List.of("devices", "d1"), List.of("things", "d1", "twin"),
                List.of("devices", "d1", "messages"), List.of("devices", "d1", "modules", "m1", "messages", "devicebound"),
                List.of("devices", "", "twin"))) {
            assertThrows(IllegalArgumentException.class, () -> CoapDevicePath.parse(segments), segments.toString());
        }
    }
}
