package org.openiothub.gateway.amqp;

import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.openiothub.auth.AccessRight;
import org.openiothub.c2d.ArtemisFeedbackPublisher;
import org.openiothub.c2d.FeedbackJson;
import org.openiothub.gateway.amqp.AmqpAddress.ServiceNodeKind;
import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;

/**
 * Serves the links back ends attach to the hub's service nodes, each in the direction its node allows, for claims
 * with {@code ServiceConnect}: they send cloud-to-device messages to {@code /messages/devicebound} and receive
 * feedback and file upload notifications from the broker queues of the same names. Opens the link before its
 * endpoint starts, since that may send on it at once.
 */
final class ServiceNodes {

    /** What real hubs label file upload notifications with. */
    static final String FILE_NOTIFICATION_CONTENT_TYPE = "application/vnd.microsoft.iothub.filenotification.json";

    private final AmqpServices services;
    private final ProtonDriver driver;

    ServiceNodes(AmqpServices services, ProtonDriver driver) {
        this.services = services;
        this.driver = driver;
    }

    /** @throws LinkRefusedException when the claim lacks the right, or the link goes the wrong way */
    LinkEndpoint attach(ServiceNodeKind kind, Link link, Claim.Service claim) {
        if (!claim.has(AccessRight.ServiceConnect)) {
            throw new LinkRefusedException(AmqpConditions.UNAUTHORIZED_ACCESS,
                    "The policy of this connection's token lacks ServiceConnect, which " + kind.path + " needs.");
        }
        if (kind == ServiceNodeKind.CLOUD_TO_DEVICE) {
            if (!(link instanceof Receiver receiver)) {
                throw new LinkRefusedException(AmqpConditions.NOT_ALLOWED, "Back ends send to " + kind.path + ", they do not receive from it.");
            }
            link.open();
            return new DeviceBoundReceiver(services, driver, receiver);
        }
        if (!(link instanceof Sender sender)) {
            throw new LinkRefusedException(AmqpConditions.NOT_ALLOWED, "Back ends receive from " + kind.path + ", they do not send to it.");
        }
        String queue = kind == ServiceNodeKind.FEEDBACK ? ArtemisFeedbackPublisher.ADDRESS : ArtemisServiceBoundQueues.FILE_NOTIFICATIONS;
        String contentType = kind == ServiceNodeKind.FEEDBACK ? FeedbackJson.CONTENT_TYPE : FILE_NOTIFICATION_CONTENT_TYPE;
        link.open();
        return new ServiceBoundSender(driver, sender, contentType, services.blockingWork(),
                () -> services.serviceBound().open(queue));
    }
}
