package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.openiothub.eventhub.EventHub.PartitionState;
import org.openiothub.eventhub.EventHub.StoredEvent;

class EventHubPartitionSenderTest {

    private static final Instant ENQUEUED = Instant.parse("2030-01-01T00:00:01.234Z");
    private static final Instant NOW = Instant.parse("2030-01-01T00:01:00Z");

    /** A stored message as the telemetry path encodes one: annotations, application properties, a data body. */
    private static byte[] stored() {
        Message message = Message.Factory.create();
        message.setMessageAnnotations(new MessageAnnotations(Map.of(Symbol.valueOf("iothub-connection-device-id"), "dev1")));
        message.setApplicationProperties(new ApplicationProperties(Map.of("temperature", "21")));
        message.setMessageId("m1");
        message.setBody(new Data(new Binary("{\"t\":21}".getBytes(StandardCharsets.UTF_8))));
        return AmqpMessages.encode(message);
    }

    private static Message decode(byte[] bytes) {
        Message message = Message.Factory.create();
        message.decode(bytes, 0, bytes.length);
        return message;
    }

    @Test
    void eachEventCarriesTheEventHubsAnnotationsInTheirTypesBesideTheStoredOnes() {
        Message event = decode(EventHubPartitionSender.message(new StoredEvent(41, 4100, ENQUEUED, stored()), null, NOW));
        Map<Symbol, Object> annotations = event.getMessageAnnotations().getValue();
        assertEquals(41L, assertInstanceOf(Long.class, annotations.get(Symbol.valueOf("x-opt-sequence-number"))));
        assertEquals("4100", assertInstanceOf(String.class, annotations.get(Symbol.valueOf("x-opt-offset"))),
                "a string: a long breaks the Java SDK");
        assertEquals(Date.from(ENQUEUED), assertInstanceOf(Date.class, annotations.get(Symbol.valueOf("x-opt-enqueued-time"))));
        assertEquals("dev1", annotations.get(Symbol.valueOf("iothub-connection-device-id")));
        assertEquals("m1", event.getMessageId());
        assertEquals("21", event.getApplicationProperties().getValue().get("temperature"));
        assertArrayEquals("{\"t\":21}".getBytes(StandardCharsets.UTF_8), ((Data) event.getBody()).getValue().getArray());
        assertNull(event.getDeliveryAnnotations(), "no runtime metrics unless the receiver asked");
    }

    @Test
    void runtimeMetricsGoInDeliveryAnnotations() {
        PartitionState state = new PartitionState(1, 0, 99, 990, ENQUEUED.plusSeconds(5), false);
        Message event = decode(EventHubPartitionSender.message(new StoredEvent(41, 4100, ENQUEUED, stored()), state, NOW));
        Map<Symbol, Object> runtime = event.getDeliveryAnnotations().getValue();
        assertEquals(99L, assertInstanceOf(Long.class, runtime.get(Symbol.valueOf("last_enqueued_sequence_number"))));
        assertEquals("990", assertInstanceOf(String.class, runtime.get(Symbol.valueOf("last_enqueued_offset"))));
        assertEquals(Date.from(ENQUEUED.plusSeconds(5)), assertInstanceOf(Date.class, runtime.get(Symbol.valueOf("last_enqueued_time_utc"))));
        assertEquals(Date.from(NOW), assertInstanceOf(Date.class, runtime.get(Symbol.valueOf("runtime_info_retrieval_time_utc"))));
    }
}
