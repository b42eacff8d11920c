package org.openiothub.gateway.amqp;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.openiothub.gateway.amqp.AmqpAddress.DeviceNodeKind;
import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;

/**
 * Serves the links a device (or module) attaches to its own nodes, each in the direction its node allows. Opens the
 * link before its endpoint starts, since that may send on it at once. The methods and twin nodes take a pair of
 * links, which work together; a connection keeps each device's pairs while it is connected.
 */
final class DeviceNodes {

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final Map<AmqpDevice, MethodLinks> methods = new HashMap<>();
    private final Map<AmqpDevice, TwinLinks> twins = new HashMap<>();

    DeviceNodes(AmqpServices services, ProtonDriver driver) {
        this.services = services;
        this.driver = driver;
    }

    /** @throws LinkRefusedException for a node this hub does not serve in the link's direction */
    LinkEndpoint attach(DeviceNodeKind kind, Link link, AmqpDevice device) {
        switch (kind) {
            case TELEMETRY -> {
                if (link instanceof Receiver receiver) {
                    link.open();
                    return new TelemetryReceiver(services, driver, receiver, device.identity());
                }
            }
            case CLOUD_TO_DEVICE -> {
                if (link instanceof Sender sender) {
                    link.open();
                    return new CloudToDeviceSender(services, sender, device);
                }
            }
            case METHODS -> {
                link.open();
                MethodLinks pair = methods.computeIfAbsent(device, ignored -> new MethodLinks(services, device));
                return link instanceof Sender sender ? pair.attach(sender) : pair.attach((Receiver) link);
            }
            case TWIN -> {
                link.open();
                TwinLinks pair = twins.computeIfAbsent(device, ignored -> new TwinLinks(services, driver, device));
                return link instanceof Sender sender ? pair.attach(sender) : pair.attach((Receiver) link);
            }
        }
        throw new LinkRefusedException(AmqpConditions.NOT_ALLOWED,
                "A device sends on messages/events and receives on messages/devicebound.");
    }

    /** The device's last link closed: its pairs go with it. */
    void gone(AmqpDevice device) {
        methods.remove(device);
        twins.remove(device);
    }
}
