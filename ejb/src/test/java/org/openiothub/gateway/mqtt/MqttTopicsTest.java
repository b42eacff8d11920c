package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttTopicsTest {

    private final MqttTopics device = MqttTopics.of(MqttClientId.parse("dev1"));
    private final MqttTopics module = MqttTopics.of(MqttClientId.parse("dev1/mod1"));

    @Test
    void telemetryTopicCarriesThePropertyBag() {
        MqttTopics.Publish publish = device.classify("devices/dev1/messages/events/$.mid=1&a=b");

        assertEquals(new MqttTopics.Telemetry("$.mid=1&a=b"), publish);
        assertEquals(new MqttTopics.Telemetry(""), device.classify("devices/dev1/messages/events/"));
        assertEquals(new MqttTopics.Telemetry(""), device.classify("devices/dev1/messages/events"));
    }

    @Test
    void moduleTelemetryTopicWithTrailingSlashIsTelemetry() {
        assertEquals(new MqttTopics.Telemetry("$.mid=1/"), module.classify("devices/dev1/modules/mod1/messages/events/$.mid=1/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "devices/dev2/messages/events/",
            "devices/dev10/messages/events/",
            "devices/dev/messages/events/",
            "devices/DEV1/messages/events/",
            "devices/dev1/messages/devicebound/x",
            "devices/dev1/modules/mod1/messages/events/",
            "devices/dev1/messages/eventsx",
            "devices/dev1",
            "$iothub/methods/POST/reboot",
            "$iothub/other",
            "anything"})
    void publishingToAnotherDevicesOrUnknownTopicIsRefused(String topic) {
        assertInstanceOf(MqttTopics.Refused.class, device.classify(topic));
    }

    @Test
    void moduleMayNotPublishAsItsDeviceOrAnotherModule() {
        assertInstanceOf(MqttTopics.Refused.class, module.classify("devices/dev1/messages/events/"));
        assertInstanceOf(MqttTopics.Refused.class, module.classify("devices/dev1/modules/mod2/messages/events/"));
    }

    @Test
    void twinAndMethodResponsePublishesAreRecognised() {
        assertInstanceOf(MqttTopics.TwinRequest.class, device.classify("$iothub/twin/GET/?$rid=1"));
        assertInstanceOf(MqttTopics.TwinRequest.class, device.classify("$iothub/twin/PATCH/properties/reported/?$rid=2"));
        assertInstanceOf(MqttTopics.MethodResponse.class, device.classify("$iothub/methods/res/200/?$rid=3"));
    }

    @Test
    void deviceMaySubscribeToItsOwnTopicsOnly() {
        assertTrue(device.maySubscribe("devices/dev1/messages/devicebound/#"));
        assertTrue(device.maySubscribe("$iothub/twin/res/#"));
        assertTrue(device.maySubscribe("$iothub/twin/PATCH/properties/desired/#"));
        assertTrue(device.maySubscribe("$iothub/methods/POST/#"));

        assertFalse(device.maySubscribe("devices/dev2/messages/devicebound/#"));
        assertFalse(device.maySubscribe("devices/+/messages/devicebound/#"));
        assertFalse(device.maySubscribe("devices/#"));
        assertFalse(device.maySubscribe("#"));
        assertFalse(device.maySubscribe("$iothub/#"));
        assertFalse(device.maySubscribe("devices/dev1/messages/events/#"));
    }

    @Test
    void moduleSubscribesUnderItsModulePath() {
        assertTrue(module.maySubscribe("devices/dev1/modules/mod1/messages/devicebound/#"));
        assertTrue(module.maySubscribe("$iothub/methods/POST/#"));
        assertFalse(module.maySubscribe("devices/dev1/messages/devicebound/#"));
        assertFalse(module.maySubscribe("devices/dev1/modules/mod2/messages/devicebound/#"));
    }
}
