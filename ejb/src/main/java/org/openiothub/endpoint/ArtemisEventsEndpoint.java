package org.openiothub.endpoint;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;

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
     * @param server the embedded broker
     * @throws Exception when the broker cannot create them
     */
    public static void ensure(ActiveMQServer server) throws Exception {
        SimpleString address = SimpleString.of(ArtemisConsumerGroups.EVENTS_ADDRESS);
        if (server.getAddressInfo(address) == null) {
            server.addAddressInfo(new AddressInfo(address, RoutingType.MULTICAST));
        }
        server.createQueue(QueueConfiguration.of(ConsumerGroupNames.DEFAULT)
                .setAddress(address)
                .setRoutingType(RoutingType.MULTICAST)
                .setDurable(true)
                .setAutoCreated(false), true);
    }
}
