package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.openiothub.c2d.Ack;
import org.openiothub.c2d.CloudToDeviceMessage;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class DeviceBoundMessagesTest {

    @Test
    void readsTheJavaServiceSdksMessage() {
        Message message = message("/devices/dev-1/messages/devicebound", "payload");
        message.setMessageId("mid-1");
        message.setCorrelationId("cid-1");
        message.setUserId("someone".getBytes(StandardCharsets.UTF_8));
        message.setExpiryTime(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("color", "blue");
        properties.put("iothub-ack", "positiveonly");
        properties.put("level", 3);
        message.setApplicationProperties(new ApplicationProperties(properties));

        DeviceBoundMessages.Addressed addressed = DeviceBoundMessages.of(message);

        assertEquals("dev-1", addressed.deviceId());
        CloudToDeviceMessage c2d = addressed.message();
        assertEquals("mid-1", c2d.messageId());
        assertEquals("cid-1", c2d.correlationId());
        assertEquals("someone", c2d.userId());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), c2d.expiryTime());
        assertEquals(Ack.POSITIVE, c2d.ack());
        assertEquals(Map.of("color", "blue", "level", "3"), c2d.applicationProperties());
        assertArrayEquals("payload".getBytes(StandardCharsets.UTF_8), c2d.body());
    }

    @Test
    void readsTheNodeSdksMessage() {
        Message message = Message.Factory.create();
        message.setAddress("/devices/" + "dev%40home" + "/messages/devicebound");
        UUID id = UUID.randomUUID();
        message.setMessageId(id);
        message.setContentType("application/json");
        message.setContentEncoding("utf-8");

        DeviceBoundMessages.Addressed addressed = DeviceBoundMessages.of(message);

        assertEquals("dev@home", addressed.deviceId());
        assertEquals(id.toString(), addressed.message().messageId());
        assertNull(addressed.message().correlationId());
        assertEquals("application/json", addressed.message().contentType());
        assertEquals("utf-8", addressed.message().contentEncoding());
        assertEquals(Ack.NONE, addressed.message().ack());
        assertEquals(0, addressed.message().body().length, "no body section is an empty message");
    }

    @Test
    void aModuleReceivesNothingAsTheRestApiHasNoSuchResource() {
        HubException refused = assertThrows(HubException.class,
                () -> DeviceBoundMessages.of(message("/devices/d/modules/m/messages/devicebound", "x")));
        assertEquals(ErrorCode.DEVICE_NOT_FOUND, refused.errorCode());
        assertEquals(AmqpConditions.NOT_FOUND, AmqpConditions.of(refused).getCondition());
    }

    @Test
    void refusesWhatTheRestApiRefuses() {
        assertInvalid(message(null, "x"));
        assertInvalid(message("/devices/d/messages/events", "x"));
        assertInvalid(message("/devices/not valid/messages/devicebound", "x"));
        Message badAck = message("/devices/d/messages/devicebound", "x");
        badAck.setApplicationProperties(new ApplicationProperties(Map.of("iothub-ack", "sometimes")));
        assertInvalid(badAck);
        Message reserved = message("/devices/d/messages/devicebound", "x");
        reserved.setApplicationProperties(new ApplicationProperties(Map.of("iothub-to", "elsewhere")));
        assertInvalid(reserved);
        Message badId = message("/devices/d/messages/devicebound", "x");
        badId.setMessageId("with \"quotes\"");
        assertInvalid(badId);
        Message longCorrelation = message("/devices/d/messages/devicebound", "x");
        longCorrelation.setCorrelationId("c".repeat(129));
        assertInvalid(longCorrelation);
        Message notData = message("/devices/d/messages/devicebound", "x");
        notData.setBody(new AmqpValue(42));
        assertInvalid(notData);
    }

    @Test
    void hubErrorsBecomeTheConditionsTheServiceSdksMap() {
        assertEquals(AmqpConditions.NOT_FOUND, AmqpConditions.of(HubException.deviceNotFound("d")).getCondition());
        assertEquals(AmqpConditions.RESOURCE_LIMIT_EXCEEDED,
                AmqpConditions.of(new HubException(ErrorCode.DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED, "full")).getCondition());
        assertEquals(AmqpConditions.MESSAGE_SIZE_EXCEEDED,
                AmqpConditions.of(new HubException(ErrorCode.MESSAGE_TOO_LARGE, "large")).getCondition());
        assertEquals(AmqpConditions.ARGUMENT_ERROR, AmqpConditions.of(HubException.invalid("bad")).getCondition());
        assertEquals(AmqpConditions.INTERNAL_ERROR, AmqpConditions.of(new IllegalStateException("db")).getCondition());
    }

    private static void assertInvalid(Message message) {
        HubException refused = assertThrows(HubException.class, () -> DeviceBoundMessages.of(message));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refused.errorCode(), refused.getMessage());
    }

    private static Message message(String to, String body) {
        Message message = Message.Factory.create();
        message.setAddress(to);
        message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        return message;
    }
}
