package org.openiothub.messaging;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.jboss.as.server.CurrentServiceContainer;
import org.jboss.msc.service.ServiceController;
import org.jboss.msc.service.ServiceName;
import org.wildfly.extension.messaging.activemq.ActiveMQBroker;

/**
 * The Artemis server that WildFly's messaging subsystem runs in this JVM ({@code server=default}), for the few
 * paths that hand messages to the broker itself rather than through a client session. WildFly publishes it as the
 * service of its capability {@value #CAPABILITY}, named after the server.
 */
public final class WildFlyEmbeddedBroker {

    static final String CAPABILITY = "org.wildfly.messaging.activemq.server";
    private static final ServiceName DEFAULT_SERVER = ServiceName.parse(CAPABILITY + ".default");

    private WildFlyEmbeddedBroker() {
    }

    /**
     * @return the running broker; never {@code null}
     * @throws IllegalStateException when the messaging subsystem has no running {@code default} server
     */
    public static ActiveMQServer server() {
        ServiceController<?> controller = CurrentServiceContainer.getServiceContainer().getService(DEFAULT_SERVER);
        if (controller == null || controller.getState() != ServiceController.State.UP) {
            throw new IllegalStateException("The messaging subsystem's server 'default' (" + DEFAULT_SERVER + ") is not running");
        }
        ActiveMQServer server = (ActiveMQServer) ((ActiveMQBroker) controller.getValue()).getDelegate();
        if (!server.isActive()) {
            throw new IllegalStateException("The embedded broker is not active");
        }
        return server;
    }
}
