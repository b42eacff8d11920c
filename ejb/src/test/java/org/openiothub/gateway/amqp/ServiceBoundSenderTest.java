package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Received;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.openiothub.gateway.amqp.ServiceBoundSender.Outcome;

class ServiceBoundSenderTest {

    @Test
    void onlyAcceptedTakesAMessageOffTheQueue() {
        assertEquals(Outcome.ACKNOWLEDGE, ServiceBoundSender.outcomeOf(Accepted.getInstance(), true));
        assertEquals(Outcome.ACKNOWLEDGE, ServiceBoundSender.outcomeOf(Accepted.getInstance(), false));
        assertEquals(Outcome.PUT_BACK, ServiceBoundSender.outcomeOf(Released.getInstance(), true));
        assertEquals(Outcome.PUT_BACK, ServiceBoundSender.outcomeOf(new Modified(), true));
        assertEquals(Outcome.PUT_BACK, ServiceBoundSender.outcomeOf(new Rejected(), false));
        assertEquals(Outcome.PUT_BACK, ServiceBoundSender.outcomeOf(null, true), "settled without an outcome loses nothing");
    }

    @Test
    void waitsForAFinalOutcome() {
        assertEquals(Outcome.PENDING, ServiceBoundSender.outcomeOf(null, false));
        assertEquals(Outcome.PENDING, ServiceBoundSender.outcomeOf(new Received(), false));
    }

    @Test
    void aQueuedMessageGoesOutAsOneDataSectionWithItsIdAndContentType() {
        byte[] json = "[{\"statusCode\":\"Success\"}]".getBytes(StandardCharsets.US_ASCII);
        Message message = ServiceBoundSender.messageOf(new ServiceBoundQueues.Taken("batch-1", json, null),
                "application/vnd.microsoft.iothub.feedback.json");
        assertEquals("batch-1", message.getMessageId());
        assertEquals("application/vnd.microsoft.iothub.feedback.json", message.getContentType());
        Data body = assertInstanceOf(Data.class, message.getBody());
        assertArrayEquals(json, body.getValue().getArray());
    }
}
