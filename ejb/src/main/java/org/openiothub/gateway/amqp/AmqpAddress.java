package org.openiothub.gateway.amqp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a link attaches to, from its address: the claims-based-security node, one of a device's (or module's) own
 * nodes, or one of the service nodes. Addresses are matched case-insensitively (the service SDK writes
 * {@code serviceBound} where others write {@code servicebound}); device and module ids keep their case.
 */
sealed interface AmqpAddress {

    String CBS = "$cbs";

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
        String lower = address.toLowerCase(Locale.ROOT);
        for (ServiceNodeKind kind : ServiceNodeKind.values()) {
            if (lower.equals(kind.path)) {
                return new ServiceNode(kind);
            }
        }
        String[] segments = address.split("/", -1);
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

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
