package org.openiothub.gateway.amqp;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

/**
 * The two links a device attaches to one of its request-response nodes (methods, twin), which work only together:
 * the hub sends on one and receives on the other. A later link in the same direction replaces the earlier one.
 * What arrives is accepted at once (the answer, if any, goes out as a message). Event loop only.
 */
abstract class LinkPair {

    private final AmqpDevice device;
    private final int credit;
    private Sender sender;
    private Receiver receiver;

    /** @param credit how many messages the device may have on their way on the receiving link */
    LinkPair(AmqpDevice device, int credit) {
        this.device = device;
        this.credit = credit;
    }

    /** A link of the pair came or went. */
    abstract void changed();

    /** A whole message arrived on the receiving link, already accepted; {@code null} when it could not be decoded. */
    abstract void received(Message message);

    /** @return the link the hub sends on, {@code null} while there is none */
    final Sender sender() {
        return sender;
    }

    final boolean attached() {
        return sender != null && receiver != null;
    }

    /** Call once the link is open. */
    final LinkEndpoint attach(Sender link) {
        sender = link;
        changed();
        return new Endpoint() {
            @Override
            public void onDelivery(Delivery delivery) {
                // the device settled what the hub sent; nothing waits for it
                if (delivery.remotelySettled()) {
                    delivery.settle();
                }
            }

            @Override
            public void onClosed() {
                if (sender == link) {
                    sender = null;
                    changed();
                }
            }
        };
    }

    /** Call once the link is open. */
    final LinkEndpoint attach(Receiver link) {
        receiver = link;
        link.flow(credit);
        changed();
        return new Endpoint() {
            @Override
            public void onDelivery(Delivery delivery) {
                if (delivery.isPartial()) {
                    return;
                }
                Message message;
                try {
                    message = AmqpMessages.receive(link, delivery);
                } catch (DecodeException e) {
                    message = null;
                }
                if (!delivery.remotelySettled()) {
                    delivery.disposition(Accepted.getInstance());
                }
                delivery.settle();
                link.flow(1);
                received(message);
            }

            @Override
            public void onClosed() {
                if (receiver == link) {
                    receiver = null;
                    changed();
                }
            }
        };
    }

    private abstract class Endpoint implements LinkEndpoint {
        @Override
        public String claimKey() {
            return Claim.keyOf(device.identity().deviceId(), device.identity().moduleId());
        }
    }
}
