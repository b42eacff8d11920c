package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttClientIdTest {

    @Test
    void deviceClientIdIsTheDeviceId() {
        MqttClientId client = MqttClientId.parse("thermostat-17");

        assertEquals("thermostat-17", client.deviceId());
        assertNull(client.moduleId());
        assertFalse(client.isModule());
        assertEquals("thermostat-17", client.toString());
    }

    @Test
    void moduleClientIdIsDeviceSlashModule() {
        MqttClientId client = MqttClientId.parse("edge1/$edgeAgent");

        assertEquals("edge1", client.deviceId());
        assertEquals("$edgeAgent", client.moduleId());
        assertTrue(client.isModule());
        assertEquals("edge1/$edgeAgent", client.toString());
    }

    @Test
    void iotHubSpecialCharactersAreAllowed() {
        assertEquals("a-b.c+d%e_f#g*h?i!j(k)l,m:n=o@p$q'r", MqttClientId.parse("a-b.c+d%e_f#g*h?i!j(k)l,m:n=o@p$q'r").deviceId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "dev1/", "/mod1", "dev1/mod1/extra", "dev 1", "dev\u00e91", "dev1/mod 1"})
    void malformedClientIdsAreRejected(String clientId) {
        assertThrows(IllegalArgumentException.class, () -> MqttClientId.parse(clientId));
    }

    @Test
    void idsLongerThan128CharactersAreRejected() {
        String id = "d".repeat(128);

        assertEquals(id, MqttClientId.parse(id).deviceId());
        assertThrows(IllegalArgumentException.class, () -> MqttClientId.parse(id + "d"));
        assertThrows(IllegalArgumentException.class, () -> MqttClientId.parse(null));
    }
}
