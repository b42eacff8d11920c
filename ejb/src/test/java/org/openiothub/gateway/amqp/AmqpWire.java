package org.openiothub.gateway.amqp;

import org.apache.qpid.proton.message.Message;

/** Test helper: a message as the peer's engine decodes it. */
final class AmqpWire {

    private AmqpWire() {
    }

    static Message onTheWire(Message message) {
        byte[] encoded = AmqpMessages.encode(message);
        Message decoded = Message.Factory.create();
        decoded.decode(encoded, 0, encoded.length);
        return decoded;
    }
}
