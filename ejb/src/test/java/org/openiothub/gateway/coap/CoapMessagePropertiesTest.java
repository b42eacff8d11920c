package org.openiothub.gateway.coap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

class CoapMessagePropertiesTest {

    @Test
    void systemPropertiesByTheirShortNamesAndTheRestAsApplicationProperties() {
        MessageProperties properties = CoapMessageProperties.of(List.of("$.mid=m-1", "$.cid=c 1", "alert=high temp", "flag"),
                MediaTypeRegistry.UNDEFINED);
        assertEquals("m-1", properties.messageId());
        assertEquals("c 1", properties.correlationId());
        assertEquals(Map.of("alert", "high temp", "flag", ""), properties.application());
    }

    @Test
    void theContentFormatSetsTheContentTypeUnlessTheQueryDoes() {
        assertEquals("application/json", CoapMessageProperties.of(List.of(), MediaTypeRegistry.APPLICATION_JSON)
                .get(SystemProperty.CONTENT_TYPE));
        MessageProperties text = CoapMessageProperties.of(List.of(), MediaTypeRegistry.TEXT_PLAIN);
        assertEquals("text/plain", text.get(SystemProperty.CONTENT_TYPE));
        assertEquals("utf-8", text.get(SystemProperty.CONTENT_ENCODING));
        assertEquals("application/cbor", CoapMessageProperties.of(List.of("$.ct=application/cbor"),
                MediaTypeRegistry.APPLICATION_JSON).get(SystemProperty.CONTENT_TYPE));
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoapMessageProperties.of(List.of("=1"), MediaTypeRegistry.UNDEFINED));
    }
}
