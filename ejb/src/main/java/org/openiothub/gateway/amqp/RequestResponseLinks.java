package org.openiothub.gateway.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.jboss.logging.Logger;

/**
 * The links of a request-response node ({@code $cbs}, {@code $management}) on one connection: requests arrive on
 * receiving links and are accepted at once (one that is not an AMQP message is rejected); answers go out on the
 * sending link whose target is the request's reply-to, else one of the request's session, else any. Some clients
 * (the Node SDKs) attach their receiving link without a target address. Event loop only.
 */
final class RequestResponseLinks {

    private static final Logger LOG = Logger.getLogger(RequestResponseLinks.class);

    private final String node;
    private final int credit;
    private final BiConsumer<Receiver, Message> onRequest;
    private final List<Sender> replyLinks = new ArrayList<>();

    /**
     * @param credit    how many requests a client may have on their way on one link
     * @param onRequest takes each whole request, already accepted, with the link it came on
     */
    RequestResponseLinks(String node, int credit, BiConsumer<Receiver, Message> onRequest) {
        this.node = node;
        this.credit = credit;
        this.onRequest = onRequest;
    }

    /** Serves a link to the node: requests come on a receiving link, answers go on a sending one. */
    LinkEndpoint attach(Link link) {
        if (link instanceof Sender sender) {
            replyLinks.add(sender);
            return new NodeLink() {
                @Override
                public void onDelivery(Delivery delivery) {
                    if (delivery.remotelySettled()) {
                        delivery.settle();
                    }
                }

                @Override
                public void onClosed() {
                    replyLinks.remove(sender);
                }
            };
        }
        Receiver receiver = (Receiver) link;
        receiver.flow(credit);
        return new NodeLink() {
            @Override
            public void onDelivery(Delivery delivery) {
                received(receiver, delivery);
            }
        };
    }

    private void received(Receiver receiver, Delivery delivery) {
        Message request;
        try {
            request = AmqpMessages.receive(receiver, delivery);
        } catch (DecodeException e) {
            AmqpMessages.rejectUndecodable(receiver, delivery, "The request to " + node + " is not an AMQP message: " + e.getMessage());
            return;
        }
        if (request == null) {
            return;
        }
        delivery.disposition(Accepted.getInstance());
        delivery.settle();
        receiver.flow(1);
        onRequest.accept(receiver, request);
    }

    /** Sends {@code answer} to the request that came on {@code requests}; dropped when no link takes it. */
    void answer(Receiver requests, Message request, Message answer) {
        Sender link = replyLinkFor(requests, request.getReplyTo());
        if (link == null) {
            LOG.debugf("%s answered a request but no %s link takes the answer", node, node);
            return;
        }
        AmqpMessages.sendAsTheLinkSettles(link, answer);
    }

    private Sender replyLinkFor(Receiver requests, String replyTo) {
        Sender sameSession = null;
        Sender any = null;
        for (Sender link : replyLinks) {
            String target = link.getRemoteTarget() == null ? null : link.getRemoteTarget().getAddress();
            if (replyTo != null && replyTo.equals(target)) {
                return link;
            }
            if (sameSession == null && link.getSession() == requests.getSession()) {
                sameSession = link;
            }
            any = any == null ? link : any;
        }
        return sameSession != null ? sameSession : any;
    }

    /** The node's links need no claim. */
    private abstract static class NodeLink implements LinkEndpoint {
        @Override
        public String claimKey() {
            return null;
        }

        @Override
        public void onClosed() {
        }
    }
}
