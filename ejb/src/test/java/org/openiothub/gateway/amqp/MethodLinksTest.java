package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

class MethodLinksTest {


    private static Message answer(Object correlationId, Object status, String body) {
        Message message = Message.Factory.create();
        message.setCorrelationId(correlationId);
        message.setApplicationProperties(new ApplicationProperties(status == null ? Map.of() : Map.of(MethodLinks.STATUS, status)));
        message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        return AmqpWire.onTheWire(message);
    }

    @Test
    void aRequestCarriesTheMethodNameAsApplicationPropertyAndAUuidCorrelationId() {
        UUID id = UUID.randomUUID();
        Message request = AmqpWire.onTheWire(MethodLinks.request(id, "reboot", "{\"delay\":1}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(id, request.getCorrelationId(), "an AMQP uuid, as the Java SDK parses it");
        assertEquals("reboot", request.getApplicationProperties().getValue().get("IoThub-methodname"));
        assertEquals(new Binary("{\"delay\":1}".getBytes(StandardCharsets.UTF_8)), ((Data) request.getBody()).getValue());
    }

    @Test
    void anAnswerIsReadWithAUuidOrUuidTextCorrelationId() {
        UUID id = UUID.randomUUID();
        MethodLinks.Answer java = MethodLinks.Answer.of(answer(id, 200, "{\"ok\":1}"));
        assertEquals(id, java.correlationId());
        assertEquals(200, java.status());
        assertArrayEquals("{\"ok\":1}".getBytes(StandardCharsets.UTF_8), java.body());

        MethodLinks.Answer node = MethodLinks.Answer.of(answer(id.toString(), "404", "null"));
        assertEquals(id, node.correlationId());
        assertEquals(404, node.status());
    }

    @Test
    void anAnswerWithoutStatusOrUuidIsNone() {
        assertNull(MethodLinks.Answer.of(answer(UUID.randomUUID(), null, "{}")));
        assertNull(MethodLinks.Answer.of(answer("not-a-uuid", 200, "{}")));
        assertNull(MethodLinks.Answer.of(answer(UUID.randomUUID(), "two hundred", "{}")));
    }
}
