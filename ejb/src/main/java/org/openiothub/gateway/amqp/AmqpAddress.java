package org.openiothub.gateway.amqp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a link attaches to, from its address: the claims-based-security node, one of a device's (or module's) own
 * nodes, one of the service nodes, the Event Hubs management node or a partition of an Event Hub. Addresses are matched case-insensitively (the service SDK writes
 * {@code serviceBound} where others write {@code servicebound}); device and module ids keep their case.
 */
sealed interface AmqpAddress {

    String CBS = "$cbs";
    String MANAGEMENT = "$management";

    /** {@code $cbs}. */
    record Cbs() implements AmqpAddress {
    }

    /**
     * {@code /devices/{id}[/modules/{mid}]/<node>}.
     *
     * @param moduleId {@code null} for the device itself
     */
    record DeviceNode(String deviceId, String moduleId, DeviceNodeKind kind) implements AmqpAddress {
    }

    /** {@code /messages/devicebound}, {@code /messages/servicebound/feedback}, ... */
    record ServiceNode(ServiceNodeKind kind) implements AmqpAddress {
    }

    /** {@code $management}: the Event Hubs management node (entity and partition properties). */
    record Management() implements AmqpAddress {
    }

    /**
     * {@code <entity>/ConsumerGroups/<group>/Partitions/<partition>}: a partition of an Event Hub as a consumer group
     * reads it. The entity may be any name here: whether it is this hub's Event Hub, its node decides.
     */
    record EventHubPartition(String entity, String consumerGroup, String partition) implements AmqpAddress {

        /** The path Event Hub tokens are checked against: {@code /<entity>/ConsumerGroups/<group>/Partitions/<p>}. */
        String path() {
            return "/" + entity + "/ConsumerGroups/" + consumerGroup + "/Partitions/" + partition;
        }
    }

    /** Anything else. */
    record Unknown(String address) implements AmqpAddress {
    }

    enum DeviceNodeKind {
        /** {@code messages/events}: the device sends telemetry. */
        TELEMETRY("messages/events"),
        /** {@code messages/devicebound}: the device receives its cloud-to-device messages. */
        CLOUD_TO_DEVICE("messages/devicebound"),
        /** {@code methods/devicebound}: method requests to the device, its answers back. */
        METHODS("methods/devicebound"),
        /** {@code twin}: twin requests from the device, responses and desired-property notifications back. */
        TWIN("twin");

        final String path;

        DeviceNodeKind(String path) {
            this.path = path;
        }
    }

    enum ServiceNodeKind {
        /** A back end sends cloud-to-device messages. */
        CLOUD_TO_DEVICE("/messages/devicebound"),
        /** A back end receives delivery feedback. */
        FEEDBACK("/messages/servicebound/feedback"),
        /** A back end receives file upload notifications. */
        FILE_NOTIFICATIONS("/messages/servicebound/filenotifications");

        final String path;

        ServiceNodeKind(String path) {
            this.path = path;
        }
    }

    /** @param address a link's source or target address, may be {@code null} */
    static AmqpAddress parse(String address) {
        if (address == null) {
            return new Unknown(null);
        }
        if (CBS.equals(address)) {
            return new Cbs();
        }
        if (MANAGEMENT.equals(address)) {
            return new Management();
        }
        String lower = address.toLowerCase(Locale.ROOT);
        for (ServiceNodeKind kind : ServiceNodeKind.values()) {
            if (lower.equals(kind.path)) {
                return new ServiceNode(kind);
            }
        }
        String[] segments = address.split("/", -1);
        EventHubPartition partition = eventHubPartition(address.startsWith("/") ? address.substring(1) : address);
        if (partition != null) {
            return partition;
        }
        // "", "devices", id, [modules, mid,] node...
        if (segments.length < 4 || !segments[0].isEmpty() || !"devices".equals(segments[1]) || segments[2].isEmpty()) {
            return new Unknown(address);
        }
        String deviceId = decode(segments[2]);
        String moduleId = null;
        int node = 3;
        if (segments.length >= 6 && "modules".equals(segments[3]) && !segments[4].isEmpty()) {
            moduleId = decode(segments[4]);
            node = 5;
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(segments, node, segments.length));
        for (DeviceNodeKind kind : DeviceNodeKind.values()) {
            if (kind.path.equals(rest)) {
                return new DeviceNode(deviceId, moduleId, kind);
            }
        }
        return new Unknown(address);
    }

    /** @return {@code null} unless {@code address} is {@code <entity>/ConsumerGroups/<group>/Partitions/<p>} */
    private static EventHubPartition eventHubPartition(String address) {
        String[] segments = address.split("/", -1);
        if (segments.length != 5 || !"consumergroups".equalsIgnoreCase(segments[1]) || !"partitions".equalsIgnoreCase(segments[3])) {
            return null;
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return null;
            }
        }
        return new EventHubPartition(segments[0], segments[2], segments[4]);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
