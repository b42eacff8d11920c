package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MqttUserNameTest {

    private static final MqttClientId DEVICE = MqttClientId.parse("dev1");
    private static final MqttClientId MODULE = MqttClientId.parse("dev1/mod1");

    @Test
    void javaSdkUserNameIsRead() {
        MqttUserName userName = MqttUserName.parse("127.0.0.1/dev1/?api-version=2020-09-30&DeviceClientType="
                + "com.microsoft.azure.sdk.iot.iot-device-client%2F2.5.0%20(Java)", DEVICE);

        assertEquals("127.0.0.1", userName.hostName());
        assertEquals(DEVICE, userName.clientId());
        assertEquals("2020-09-30", userName.apiVersion());
        assertEquals("com.microsoft.azure.sdk.iot.iot-device-client/2.5.0 (Java)", userName.parameters().get("DeviceClientType"));
        assertNull(userName.modelId());
    }

    @Test
    void modelIdIsDecoded() {
        MqttUserName userName = MqttUserName.parse(
                "hub.example.com/dev1/?api-version=2020-09-30&model-id=dtmi%3Acom%3Aexample%3AThermostat%3B1", DEVICE);

        assertEquals("dtmi:com:example:Thermostat;1", userName.modelId());
    }

    @Test
    void moduleUserNameCarriesDeviceAndModule() {
        MqttUserName userName = MqttUserName.parse("hub.example.com/dev1/mod1/?api-version=2020-09-30", MODULE);

        assertEquals(MODULE, userName.clientId());
        assertEquals("2020-09-30", userName.apiVersion());
    }

    @Test
    void olderFormsWithoutQuestionMarkOrParametersAreAccepted() {
        assertEquals("2016-11-14", MqttUserName.parse("hub/dev1/api-version=2016-11-14", DEVICE).apiVersion());
        assertNull(MqttUserName.parse("hub/dev1", DEVICE).apiVersion());
        assertNull(MqttUserName.parse("hub/dev1/", DEVICE).apiVersion());
    }

    @Test
    void userNameOfAnotherClientIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse("hub/dev2/?api-version=2020-09-30", DEVICE));
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse("hub/dev10/?api-version=2020-09-30", DEVICE));
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse("hub/dev1/?api-version=2020-09-30", MODULE));
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse("hub/dev1/mod2/?api-version=2020-09-30", MODULE));
    }

    @Test
    void missingOrHostlessUserNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse(null, DEVICE));
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse("", DEVICE));
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse("dev1", DEVICE));
        assertThrows(IllegalArgumentException.class, () -> MqttUserName.parse("/dev1/?api-version=1", DEVICE));
    }
}
