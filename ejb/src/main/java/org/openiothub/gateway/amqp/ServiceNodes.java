package org.openiothub.gateway.amqp;

import org.apache.qpid.proton.engine.Link;
import org.openiothub.gateway.amqp.AmqpAddress.ServiceNodeKind;
import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;

/** Serves the links back ends attach to the hub's service nodes. */
final class ServiceNodes {

    private final AmqpServices services;
    private final ProtonDriver driver;

    ServiceNodes(AmqpServices services, ProtonDriver driver) {
        this.services = services;
        this.driver = driver;
    }

    /** @throws LinkRefusedException when the claim lacks the right, or for a node this hub does not serve */
    LinkEndpoint attach(ServiceNodeKind kind, Link link, Claim.Service claim) {
        throw new LinkRefusedException(AmqpConditions.NOT_IMPLEMENTED, "This hub does not serve " + kind.path + " over AMQP yet.");
    }
}
