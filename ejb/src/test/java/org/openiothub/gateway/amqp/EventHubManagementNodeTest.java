package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.openiothub.gateway.amqp.EventHubManagementNode.Answer;

class EventHubManagementNodeTest {

    private static final Instant CREATED = Instant.parse("2030-01-01T00:00:00Z");
    private final InMemoryEventHub hub = new InMemoryEventHub(4, CREATED);

    private static InMemoryEventHub withOneEventInPartition2() {
        InMemoryEventHub hub = new InMemoryEventHub(4, CREATED);
        hub.append(2, Instant.parse("2030-01-02T00:00:00Z"), new byte[0]);
        return hub;
    }

    /** The answer as the SDK decodes it from the wire. */
    private static Message onTheWire(Map<String, Object> request, Object messageId) {
        Message message = Message.Factory.create();
        message.setMessageId(messageId);
        message.setReplyTo("$management-client-reply-to");
        return AmqpWire.onTheWire(EventHubManagementNode.answerMessage(message,
                EventHubManagementNode.read(withOneEventInPartition2(), "myhub", request)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Message reply) {
        return (Map<String, Object>) assertInstanceOf(AmqpValue.class, reply.getBody()).getValue();
    }

    @Test
    void eventHubPropertiesCarryAnArrayOfPartitionIdsAndIntTypes() {
        Message reply = onTheWire(Map.of("operation", "READ", "type", "com.microsoft:eventhub", "name", "MyHub"),
                UnsignedLong.valueOf(7));
        assertEquals(200, assertInstanceOf(Integer.class, reply.getApplicationProperties().getValue().get("status-code")));
        assertEquals(UnsignedLong.valueOf(7), reply.getCorrelationId(), "the request's message-id, same type");
        Map<String, Object> body = body(reply);
        assertEquals("myhub", body.get("name"));
        assertEquals(Date.from(CREATED), assertInstanceOf(Date.class, body.get("created_at")));
        assertEquals(4, assertInstanceOf(Integer.class, body.get("partition_count")));
        assertArrayEquals(new String[] {"0", "1", "2", "3"}, assertInstanceOf(String[].class, body.get("partition_ids")),
                "an AMQP array of strings: a list breaks the Java SDK");
    }

    @Test
    void partitionPropertiesHaveLongsAStringOffsetAndTimestamps() {
        Message reply = onTheWire(Map.of("operation", "READ", "type", "com.microsoft:partition", "name", "myhub",
                "partition", "2"), "a-uuid");
        assertEquals("a-uuid", reply.getCorrelationId());
        Map<String, Object> body = body(reply);
        assertEquals("2", body.get("partition"));
        assertEquals(0L, assertInstanceOf(Long.class, body.get("begin_sequence_number")));
        assertEquals(0L, assertInstanceOf(Long.class, body.get("last_enqueued_sequence_number")));
        assertEquals("0", assertInstanceOf(String.class, body.get("last_enqueued_offset")));
        assertEquals(Date.from(Instant.parse("2030-01-02T00:00:00Z")), assertInstanceOf(Date.class, body.get("last_enqueued_time_utc")));
        assertEquals(false, assertInstanceOf(Boolean.class, body.get("is_partition_empty")));

        Map<String, Object> empty = body(onTheWire(Map.of("operation", "READ", "type", "com.microsoft:partition",
                "name", "myhub", "partition", "0"), "b"));
        assertEquals(true, empty.get("is_partition_empty"));
        assertEquals(-1L, empty.get("last_enqueued_sequence_number"));
        assertInstanceOf(Date.class, empty.get("last_enqueued_time_utc"), "a timestamp even when nothing was enqueued");
    }

    @Test
    void anUnknownEntityOrPartitionIsNotFoundInTheWordingTheSdksStopOn() {
        Answer otherHub = EventHubManagementNode.read(hub, "myhub", Map.of("operation", "READ", "type", "com.microsoft:eventhub", "name", "other"));
        assertEquals(404, otherHub.status());
        assertEquals("The messaging entity 'other' could not be found.", otherHub.description());
        assertEquals(404, EventHubManagementNode.read(hub, "myhub", Map.of("operation", "READ", "type", "com.microsoft:partition",
                "name", "myhub", "partition", "4")).status());
        Answer noLog = EventHubManagementNode.read(null, "myhub", Map.of("operation", "READ", "type", "com.microsoft:eventhub", "name", "myhub"));
        assertEquals(404, noLog.status());
        assertNull(noLog.body());
        Message reply = AmqpWire.onTheWire(EventHubManagementNode.answerMessage(Message.Factory.create(), noLog));
        assertEquals(404, assertInstanceOf(Integer.class, reply.getApplicationProperties().getValue().get("status-code")));
        assertNull(reply.getBody());
    }

    @Test
    void onlyReadIsServed() {
        assertEquals(400, EventHubManagementNode.read(hub, "myhub", Map.of("operation", "DELETE", "type", "com.microsoft:eventhub",
                "name", "myhub")).status());
        assertEquals(400, EventHubManagementNode.read(hub, "myhub", Map.of("operation", "READ", "type", "com.microsoft:namespace",
                "name", "myhub")).status());
    }
}
