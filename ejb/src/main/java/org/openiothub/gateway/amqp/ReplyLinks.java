package org.openiothub.gateway.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;

/**
 * The sending links of a request-response node ({@code $cbs}, {@code $management}) on one connection, and which one
 * takes the answer to a request: the link whose target is the request's reply-to, else one of the request's session,
 * else any. Some clients (the Node SDKs) attach their receiving link without a target address. Event loop only.
 */
final class ReplyLinks {

    private final List<Sender> links = new ArrayList<>();

    /** Serves a sending link of the node: answers go out on it; what the client settles is done with. */
    LinkEndpoint attach(Sender sender) {
        links.add(sender);
        return new LinkEndpoint() {
            @Override
            public void onDelivery(Delivery delivery) {
                if (delivery.remotelySettled()) {
                    delivery.settle();
                }
            }

            @Override
            public String claimKey() {
                return null;
            }

            @Override
            public void onClosed() {
                links.remove(sender);
            }
        };
    }

    /**
     * Serves a node's receiving link: {@code credit} requests may be on their way, each delivery goes to
     * {@code onRequest}, which grants the next credit once it took the request.
     */
    static LinkEndpoint requests(Receiver receiver, int credit, Consumer<Delivery> onRequest) {
        receiver.flow(credit);
        return new LinkEndpoint() {
            @Override
            public void onDelivery(Delivery delivery) {
                onRequest.accept(delivery);
            }

            @Override
            public String claimKey() {
                return null;
            }

            @Override
            public void onClosed() {
            }
        };
    }

    /** @return the link that takes the answer to a request received on {@code requests}, {@code null} when none */
    Sender forAnswer(Receiver requests, String replyTo) {
        Sender sameSession = null;
        Sender any = null;
        for (Sender link : links) {
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
}
