package org.openiothub.cluster;

import java.util.Map;

/**
 * What one node of the cluster tells another (or all others): a kind, the node it comes from, string properties and
 * a body. Kinds are part of the nodes' protocol: nodes of one cluster run the same version.
 *
 * @param target the node it is for; {@code null} for every other node
 */
public record ClusterMessage(Kind kind, String origin, String target, Map<String, String> properties, byte[] body) {

    public enum Kind {
        /** Every few seconds from each node: it is alive. */
        HEARTBEAT,
        /** A device or module connected to the origin: another node that holds a connection for it closes it. */
        CONNECTED,
        /** A device was disabled, deleted or re-keyed: its connections and its modules' close. */
        DEVICE_REVOKED,
        /** A module was deleted or re-keyed: its connection closes. */
        MODULE_REVOKED,
        /** Cloud-to-device messages wait for these devices (body: a JSON array of ids). */
        MESSAGES_WAITING,
        /** A direct method call for a device connected to the target. */
        METHOD_REQUEST,
        /** The device's answer to a relayed call, or why it could not be delivered, for the node that took the call. */
        METHOD_ANSWER,
        /** A desired-properties notification for a device connected to the target. */
        DESIRED_PATCH,
        /** An Event Hubs reader with an epoch opened or closed on the origin. */
        EPOCH_READER
    }

    static final String DEVICE_ID = "deviceId";
    static final String MODULE_ID = "moduleId";
    static final String REASON = "reason";
    static final String REQUEST_ID = "requestId";
    static final String METHOD_NAME = "methodName";
    static final String STATUS = "status";
    static final String NOT_DELIVERED = "notDelivered";
    static final String VERSION = "version";
    static final String STATE = "state";
    static final String CONSUMER_GROUP = "consumerGroup";
    static final String PARTITION = "partition";
    static final String EPOCH = "epoch";

    public ClusterMessage {
        properties = Map.copyOf(properties);
        body = body == null ? new byte[0] : body;
    }

    String property(String name) {
        return properties.get(name);
    }
}
