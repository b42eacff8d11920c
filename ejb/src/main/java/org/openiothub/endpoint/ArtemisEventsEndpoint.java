package org.openiothub.endpoint;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;

/**
 * The built-in events endpoint on the broker: the multicast address {@code messages/events} with one durable
 * queue per consumer group, {@code $Default} always among them. The hub creates them itself, once, because a
 * queue declared in the WildFly messaging subsystem is destroyed, with its messages, whenever the server stops;
 * queues created through the broker stay in its bindings journal across restarts.
 */
public final class ArtemisEventsEndpoint {

    private ArtemisEventsEndpoint() {
    }

    /**
     * Creates the address {@value ArtemisConsumerGroups#EVENTS_ADDRESS} and the {@code $Default} consumer group
     * unless they exist; idempotent.
     *
     * @param session a session of the hub's internal user, which may create addresses and durable queues
     */
    public static void ensure(ClientSession session) throws ActiveMQException {
        SimpleString address = SimpleString.of(ArtemisConsumerGroups.EVENTS_ADDRESS);
        if (!session.addressQuery(address).isExists()) {
            session.createAddress(address, RoutingType.MULTICAST, false);
        }
        SimpleString queue = SimpleString.of(ConsumerGroupNames.DEFAULT);
        if (!session.queueQuery(queue).isExists()) {
            try {
                session.createQueue(QueueConfiguration.of(queue)
                        .setAddress(address)
                        .setRoutingType(RoutingType.MULTICAST)
                        .setDurable(true)
                        .setAutoCreated(false));
            } catch (ActiveMQQueueExistsException e) {
                // another node or start-up got there first: that is the wanted state
            }
        }
    }
}
