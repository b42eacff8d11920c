package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.openiothub.gateway.TwinRequestSequence;

class TwinLinksTest {


    @Test
    void aResponseEchoesTheCorrelationIdWithItsTypeAndCarriesStatusAndVersion() {
        UUID javaId = UUID.randomUUID();
        Message patched = AmqpWire.onTheWire(TwinLinks.response(javaId, new TwinRequestSequence.Response(204, 7L, new byte[0])));
        assertEquals(javaId, patched.getCorrelationId());
        assertEquals(204, patched.getMessageAnnotations().getValue().get(Symbol.valueOf("status")));
        assertEquals(7, patched.getMessageAnnotations().getValue().get(Symbol.valueOf("version")), "an int, as the Java SDK parses it");
        assertNull(patched.getBody());

        Message got = AmqpWire.onTheWire(TwinLinks.response("node-rid", new TwinRequestSequence.Response(200, null,
                "{\"desired\":{}}".getBytes(StandardCharsets.UTF_8))));
        assertEquals("node-rid", got.getCorrelationId(), "Node looks its requests up by the string");
        assertFalse(got.getMessageAnnotations().getValue().containsKey(Symbol.valueOf("version")));
        assertEquals(new Binary("{\"desired\":{}}".getBytes(StandardCharsets.UTF_8)), ((Data) got.getBody()).getValue());
    }

    @Test
    void aDesiredNotificationHasNoCorrelationIdAndThePatchAsBody() {
        byte[] patch = "{\"fan\":1,\"$version\":5}".getBytes(StandardCharsets.UTF_8);
        Message notification = AmqpWire.onTheWire(TwinLinks.desiredNotification(5, patch));

        assertNull(notification.getCorrelationId());
        assertEquals("/properties/desired", notification.getMessageAnnotations().getValue().get(Symbol.valueOf("resource")));
        assertEquals(5, notification.getMessageAnnotations().getValue().get(Symbol.valueOf("version")));
        assertEquals(new Binary(patch), ((Data) notification.getBody()).getValue());
    }

    @Test
    void theVersionOfAPatchIsReadFromAnIntOrText() {
        assertEquals(3L, TwinLinks.versionOf(3));
        assertEquals(4L, TwinLinks.versionOf("4"));
        assertNull(TwinLinks.versionOf(null));
        assertNull(TwinLinks.versionOf("x"));
    }
}
