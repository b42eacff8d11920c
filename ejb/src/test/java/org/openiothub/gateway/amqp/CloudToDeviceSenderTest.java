package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Received;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;

class CloudToDeviceSenderTest {

    private static DeviceBoundMessage message(String ack, Map<String, String> application, int deliveryCount) {
        return new DeviceBoundMessage(UUID.randomUUID().toString(), 1, "mid-1", "cid-1", "/devices/d1/messages/deviceBound",
                "owner", Instant.parse("2030-01-02T03:04:05Z"), ack, "application/json", "utf-8", deliveryCount,
                Instant.parse("2024-01-01T00:00:00Z"), application, "{\"on\":true}".getBytes(StandardCharsets.UTF_8));
    }


    @Test
    void aDeviceBoundMessageCarriesItsPropertiesAckAndBodyAsIotHubSendsThem() {
        Map<String, String> application = new LinkedHashMap<>();
        application.put("color", "blue");
        application.put("iothub-ack", "bogus");
        Message amqp = AmqpWire.onTheWire(CloudToDeviceSender.toAmqp(message("full", application, 1)));

        assertEquals("mid-1", amqp.getMessageId());
        assertEquals("cid-1", amqp.getCorrelationId());
        assertEquals("/devices/d1/messages/deviceBound", amqp.getAddress());
        assertArrayEquals("owner".getBytes(StandardCharsets.UTF_8), amqp.getUserId());
        assertEquals("application/json", amqp.getContentType());
        assertEquals("utf-8", amqp.getContentEncoding());
        assertEquals(Instant.parse("2030-01-02T03:04:05Z").toEpochMilli(), amqp.getExpiryTime());
        assertEquals(0L, amqp.getDeliveryCount(), "no earlier attempt");
        assertEquals(Map.of("iothub-ack", "full", "color", "blue"), amqp.getApplicationProperties().getValue());
        assertEquals(List.of("iothub-ack", "color"), List.copyOf(amqp.getApplicationProperties().getValue().keySet()));
        Data body = assertInstanceOf(Data.class, amqp.getBody(), "the Java SDK casts the body to Data");
        assertEquals(new Binary("{\"on\":true}".getBytes(StandardCharsets.UTF_8)), body.getValue());
    }

    @Test
    void aRedeliveryCountsTheEarlierAttemptsAndNoAckLeavesTheAckOut() {
        Message amqp = AmqpWire.onTheWire(CloudToDeviceSender.toAmqp(message("none", Map.of(), 3)));

        assertEquals(2L, amqp.getDeliveryCount());
        assertFalse(amqp.getApplicationProperties().getValue().containsKey("iothub-ack"));
    }

    @Test
    void emptyPropertiesAreLeftOut() {
        DeviceBoundMessage bare = new DeviceBoundMessage("not-a-uuid", 1, "", null, null, null, null, null, null, null, 1,
                null, null, new byte[0]);
        Message amqp = AmqpWire.onTheWire(CloudToDeviceSender.toAmqp(bare));

        assertNull(amqp.getMessageId());
        assertNull(amqp.getUserId());
        assertEquals(0L, amqp.getExpiryTime());
        assertEquals(16, CloudToDeviceSender.tagOf(bare.lockToken()).length, "a fresh tag when the lock token is no UUID");
    }

    @Test
    void theLockTokenIsTheDeliveryTag() {
        UUID token = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        assertArrayEquals(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, (byte) 0x99,
            (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff},
                CloudToDeviceSender.tagOf(token.toString()));
    }

    @Test
    void theDevicesOutcomeSettlesTheMessage() {
        assertEquals(DeviceSettlement.COMPLETED, CloudToDeviceSender.settlementOf(Accepted.getInstance(), true));
        assertEquals(DeviceSettlement.ABANDONED, CloudToDeviceSender.settlementOf(new Released(), true));
        assertEquals(DeviceSettlement.ABANDONED, CloudToDeviceSender.settlementOf(new Modified(), true));
        assertEquals(DeviceSettlement.REJECTED, CloudToDeviceSender.settlementOf(new Rejected(), true));
        assertEquals(DeviceSettlement.ABANDONED, CloudToDeviceSender.settlementOf(null, true), "settled without outcome");
        assertNull(CloudToDeviceSender.settlementOf(null, false), "not decided yet");
        assertNull(CloudToDeviceSender.settlementOf(new Received(), false), "received is no outcome");
    }
}
