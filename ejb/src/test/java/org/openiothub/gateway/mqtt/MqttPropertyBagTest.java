package org.openiothub.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

class MqttPropertyBagTest {

    @Test
    void javaSdkBagWithRawDollarKeysIsRead() {
        MessageProperties properties = MqttPropertyBag.decode(
                "$.mid=m-1&$.cid=c-1&$.cdid=dev1&$.ce=utf-8&$.ct=application%2Fjson&temperature%20alert=high%20%26%20rising");

        assertEquals("m-1", properties.messageId());
        assertEquals("c-1", properties.correlationId());
        assertEquals("dev1", properties.get(SystemProperty.CONNECTION_DEVICE_ID));
        assertEquals("utf-8", properties.get(SystemProperty.CONTENT_ENCODING));
        assertEquals("application/json", properties.get(SystemProperty.CONTENT_TYPE));
        assertEquals(Map.of("temperature alert", "high & rising"), properties.application());
    }

    @Test
    void nodeSdkBagWithEncodedDollarKeysIsRead() {
        MessageProperties properties = MqttPropertyBag.decode(
                "%24.mid=m%2F2&%24.to=%2Fdevices%2Fd1%2Fmessages%2Fevents&%24.uid=user&%24.ctime=2024-01-02T03%3A04%3A05.123Z&k=v");

        assertEquals("m/2", properties.messageId());
        assertEquals("/devices/d1/messages/events", properties.get(SystemProperty.TO));
        assertEquals("user", properties.get(SystemProperty.USER_ID));
        assertEquals("2024-01-02T03:04:05.123Z", properties.get(SystemProperty.CREATION_TIME));
        assertEquals(Map.of("k", "v"), properties.application());
    }

    @Test
    void everySystemKeyIsRecognised() {
        StringBuilder bag = new StringBuilder();
        for (String key : List.of("mid", "cid", "uid", "to", "exp", "on", "cdid", "cmid", "ce", "ct", "ctime", "ifid", "sub")) {
            bag.append("$.").append(key).append("=x&");
        }
        MessageProperties properties = MqttPropertyBag.decode(bag.toString());

        assertEquals(SystemProperty.values().length, properties.system().size());
        assertTrue(properties.application().isEmpty());
    }

    @Test
    void unknownDollarKeysAndIotHubNamesAreApplicationProperties() {
        MessageProperties properties = MqttPropertyBag.decode("$.unknown=1&iothub-ack=full&%24.mid=m");

        assertEquals("m", properties.messageId());
        assertEquals(Map.of("$.unknown", "1", "iothub-ack", "full"), properties.application());
    }

    @Test
    void applicationPropertiesKeepTheirOrder() {
        MessageProperties properties = MqttPropertyBag.decode("z=1&a=2&m=3");

        assertEquals(List.of("z", "a", "m"), List.copyOf(properties.application().keySet()));
    }

    @Test
    void trailingSlashOfJavaModuleTopicsAndEmptySegmentsAreIgnored() {
        MessageProperties properties = MqttPropertyBag.decode("$.mid=1&&a=b&/");

        assertEquals("1", properties.messageId());
        assertEquals(Map.of("a", "b"), properties.application());
    }

    @Test
    void emptyBagHasNoProperties() {
        assertEquals(MessageProperties.EMPTY, MqttPropertyBag.decode(""));
        assertEquals(MessageProperties.EMPTY, MqttPropertyBag.decode("/"));
        assertEquals(MessageProperties.EMPTY, MqttPropertyBag.decode(null));
    }

    @Test
    void emptyValuesAndKeysWithoutValueAreReadAsEmpty() {
        MessageProperties properties = MqttPropertyBag.decode("a=&b&$.cid=");

        assertEquals(Map.of("a", "", "b", ""), properties.application());
        assertEquals("", properties.correlationId());
    }

    @Test
    void plusStaysAPlusAndUtf8IsDecoded() {
        MessageProperties properties = MqttPropertyBag.decode("name=a+b%20c&gr%C3%BC%C3%9Fe=%E2%82%AC");

        assertEquals("a+b c", properties.application().get("name"));
        assertEquals("\u20ac", properties.application().get("gr\u00fc\u00dfe"));
    }

    @Test
    void malformedBagsAreRefused() {
        assertThrows(MqttPropertyBag.MalformedPropertyBagException.class, () -> MqttPropertyBag.decode("=v"));
        assertThrows(MqttPropertyBag.MalformedPropertyBagException.class, () -> MqttPropertyBag.decode("a=%2"));
        assertThrows(MqttPropertyBag.MalformedPropertyBagException.class, () -> MqttPropertyBag.decode("a=%zz"));
        assertThrows(MqttPropertyBag.MalformedPropertyBagException.class, () -> MqttPropertyBag.decode("a=%C3%28"));
    }

    @Test
    void encodingPutsUrlEncodedSystemPropertiesFirst() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.CORRELATION_ID, "c 1");
        system.put(SystemProperty.TO, "/devices/d1/messages/deviceBound");
        system.put(SystemProperty.MESSAGE_ID, "m&1");
        Map<String, String> application = new LinkedHashMap<>();
        application.put("iothub-ack", "full");
        application.put("color=", "red/blue");

        String bag = MqttPropertyBag.encode(new MessageProperties(system, application));

        assertEquals("%24.mid=m%261&%24.to=%2Fdevices%2Fd1%2Fmessages%2FdeviceBound&%24.cid=c%201"
                + "&iothub-ack=full&color%3D=red%2Fblue", bag);
    }

    @Test
    void encodingLeavesOutEmptyValues() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        system.put(SystemProperty.MESSAGE_ID, "m1");
        system.put(SystemProperty.CORRELATION_ID, "");
        Map<String, String> application = new LinkedHashMap<>();
        application.put("empty", "");
        application.put("k", "v");

        String bag = MqttPropertyBag.encode(new MessageProperties(system, application));

        assertEquals("%24.mid=m1&k=v", bag);
        assertFalse(bag.contains("=&"));
        assertEquals("", MqttPropertyBag.encode(MessageProperties.EMPTY));
    }

    @Test
    void encodedBagsReadBackUnchanged() {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        for (SystemProperty property : SystemProperty.values()) {
            system.put(property, property.shortName() + " =&%+/?#\u00e9\u20ac");
        }
        Map<String, String> application = new LinkedHashMap<>();
        application.put("a b", "1+1=2");
        application.put("$.notSystem", "x");
        application.put("\u6e29\u5ea6", "\ud83c\udf21");
        MessageProperties original = new MessageProperties(system, application);

        assertEquals(original, MqttPropertyBag.decode(MqttPropertyBag.encode(original)));
    }

    @Test
    void encodingUsesOnlyCharactersThatNeedNoFurtherEscaping() {
        String encoded = MqttPropertyBag.percentEncode("a b+c~d*e'f(g)h!i");

        assertEquals("a%20b%2Bc~d%2Ae%27f%28g%29h%21i", encoded);
    }
}
