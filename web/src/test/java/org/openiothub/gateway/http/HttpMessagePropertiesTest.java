package org.openiothub.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

class HttpMessagePropertiesTest {

    private static final String PATH = "/devices/dev1/messages/events";

    @Test
    void systemHeadersBecomeSystemPropertiesAndAppHeadersApplicationProperties() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "SharedAccessSignature sr=x");
        headers.put("iothub-messageid", "mid-1");
        headers.put("IoTHub-CorrelationId", "cid-1");
        headers.put("iothub-contenttype", "application/json");
        headers.put("iothub-contentencoding", "utf-8");
        headers.put("iothub-creation-time-utc", "2024-01-01T00:00:00.000Z");
        headers.put("iothub-app-level", "3");
        headers.put("iothub-app-Alert", "high temp");
        headers.put("content-type", "binary/octet-stream");
        MessageProperties properties = HttpMessageProperties.of(headers, PATH);
        assertEquals("mid-1", properties.messageId());
        assertEquals("cid-1", properties.correlationId());
        assertEquals("application/json", properties.get(SystemProperty.CONTENT_TYPE));
        assertEquals("utf-8", properties.get(SystemProperty.CONTENT_ENCODING));
        assertEquals("2024-01-01T00:00:00.000Z", properties.get(SystemProperty.CREATION_TIME));
        assertEquals(Map.of("level", "3", "Alert", "high temp"), properties.application());
        assertEquals(5, properties.system().size(), "other headers are no properties");
    }

    @Test
    void theSdksIotHubToNamingTheEndpointIsNotAProperty() {
        assertNull(HttpMessageProperties.of(Map.of("iothub-to", PATH), PATH).get(SystemProperty.TO));
        assertEquals("/elsewhere", HttpMessageProperties.of(Map.of("iothub-to", "/elsewhere"), PATH).get(SystemProperty.TO));
    }

    @Test
    void emptyValuesAndBarePrefixesAreLeftOut() {
        MessageProperties properties = HttpMessageProperties.of(Map.of("iothub-messageid", "", "iothub-app-", "x"), PATH);
        assertEquals(MessageProperties.EMPTY, properties);
    }
}
