package org.openiothub.gateway.amqp;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

/** Reading and writing whole messages on links. */
final class AmqpMessages {

    private AmqpMessages() {
    }

    /**
     * The message of a delivery once all its transfers arrived.
     *
     * @return {@code null} while the delivery is partial
     * @throws org.apache.qpid.proton.codec.DecodeException when the bytes are not an AMQP message
     */
    static Message receive(Receiver receiver, Delivery delivery) {
        if (delivery.isPartial()) {
            return null;
        }
        ReadableBuffer bytes = receiver.recv();
        receiver.advance();
        Message message = Message.Factory.create();
        message.decode(bytes);
        return message;
    }

    /** Sends {@code message} as one delivery, its tag a fresh UUID's bytes. */
    static Delivery send(Sender sender, Message message) {
        return send(sender, tag(), message);
    }

    /** Sends {@code message} as one delivery with {@code tag}; the engine splits it into frames the peer takes. */
    static Delivery send(Sender sender, byte[] tag, Message message) {
        Delivery delivery = sender.delivery(tag);
        byte[] encoded = encode(message);
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        return delivery;
    }

    /**
     * Sends {@code message} settled when the peer asked for settled deliveries on the link, else unsettled for the
     * peer to settle. For answers and notifications, whose outcome changes nothing.
     */
    static Delivery sendAsTheLinkSettles(Sender sender, Message message) {
        Delivery delivery = send(sender, message);
        if (sender.getSenderSettleMode() == SenderSettleMode.SETTLED) {
            delivery.settle();
        }
        return delivery;
    }

    static byte[] encode(Message message) {
        int size = 1024;
        while (true) {
            byte[] buffer = new byte[size];
            WritableBuffer.ByteBufferWrapper out = WritableBuffer.ByteBufferWrapper.wrap(ByteBuffer.wrap(buffer));
            try {
                int length = message.encode(out);
                if (length <= size) {
                    byte[] encoded = new byte[length];
                    System.arraycopy(buffer, 0, encoded, 0, length);
                    return encoded;
                }
            } catch (java.nio.BufferOverflowException e) {
                // too small: try a bigger buffer
            }
            size *= 4;
        }
    }

    /** The bytes of a Data body, the UTF-8 of a string value, or {@code null} for another kind of body. */
    static byte[] bodyBytes(Message message) {
        Section body = message.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof Data data) {
            Binary binary = data.getValue();
            return binary == null ? new byte[0] : binary.getArray().length == binary.getLength() && binary.getArrayOffset() == 0
                    ? binary.getArray() : java.util.Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(),
                            binary.getArrayOffset() + binary.getLength());
        }
        if (body instanceof AmqpValue value && value.getValue() instanceof Binary binary) {
            return java.util.Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(), binary.getArrayOffset() + binary.getLength());
        }
        if (body instanceof AmqpValue value && value.getValue() instanceof String text) {
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    /**
     * The answer to a request of a request-response node ({@code $cbs}, {@code $management}): its
     * {@code correlation-id} the request's {@code message-id} (of the same type), {@code status-code} an AMQP int
     * (an uint breaks the Java SDKs) and {@code status-description}.
     */
    static Message answer(Message request, int status, String description) {
        Message reply = Message.Factory.create();
        reply.setCorrelationId(request.getMessageId());
        reply.setAddress(request.getReplyTo());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("status-code", status);
        properties.put("status-description", description);
        reply.setApplicationProperties(new ApplicationProperties(properties));
        return reply;
    }

    /** Refuses a request that is not an AMQP message and lets the next one come. */
    static void rejectUndecodable(Receiver receiver, Delivery delivery, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(AmqpConditions.of(AmqpConditions.DECODE_ERROR, description));
        delivery.disposition(rejected);
        delivery.settle();
        receiver.flow(1);
    }

    /** A message's application properties, empty when it has none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> applicationProperties(Message message) {
        ApplicationProperties properties = message.getApplicationProperties();
        return properties == null || properties.getValue() == null ? Map.of() : properties.getValue();
    }

    static byte[] tag() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
