package org.openiothub.messaging;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;

/**
 * The broker queues the hub fills for back ends (feedback, file notifications): an anycast address with one
 * durable queue of the same name. The hub creates them rather than the server configuration, whose queues do not
 * outlive a server stop; every node of a cluster creates its own, and the cluster moves messages to the node a
 * back end reads on.
 */
public final class DurableAnycastQueues {

    private DurableAnycastQueues() {
    }

    /** Creates the anycast address {@code address} and its durable queue of the same name unless they exist. */
    public static void ensure(ClientSession session, String address) throws ActiveMQException {
        SimpleString name = SimpleString.of(address);
        if (!session.addressQuery(name).isExists()) {
            session.createAddress(name, RoutingType.ANYCAST, false);
        }
        if (!session.queueQuery(name).isExists()) {
            try {
                session.createQueue(QueueConfiguration.of(name)
                        .setAddress(name)
                        .setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true)
                        .setAutoCreated(false));
            } catch (ActiveMQQueueExistsException e) {
                // created meanwhile: that is the wanted state
            }
        }
    }
}
