package org.openiothub.gateway.amqp;

import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.openiothub.gateway.amqp.AmqpAddress.DeviceNodeKind;
import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;

/**
 * Serves the links a device (or module) attaches to its own nodes, each in the direction its node allows. Opens the
 * link before its endpoint starts, since that may send on it at once.
 */
final class DeviceNodes {

    private final AmqpServices services;
    private final ProtonDriver driver;

    DeviceNodes(AmqpServices services, ProtonDriver driver) {
        this.services = services;
        this.driver = driver;
    }

    /** @throws LinkRefusedException for a node this hub does not serve in the link's direction */
    LinkEndpoint attach(DeviceNodeKind kind, Link link, AmqpDevice device) {
        if (kind == DeviceNodeKind.TELEMETRY && link instanceof Receiver receiver) {
            link.open();
            return new TelemetryReceiver(services, driver, receiver, device.identity());
        }
        if (kind == DeviceNodeKind.TELEMETRY || (kind == DeviceNodeKind.CLOUD_TO_DEVICE && !(link instanceof Sender))) {
            throw new LinkRefusedException(AmqpConditions.NOT_ALLOWED, "A device sends on messages/events and receives on messages/devicebound.");
        }
        throw new LinkRefusedException(AmqpConditions.NOT_IMPLEMENTED, "This hub does not serve " + kind.path + " over AMQP yet.");
    }
}
