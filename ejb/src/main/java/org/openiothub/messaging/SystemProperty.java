package org.openiothub.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The system properties IoT Hub defines for device messages, in both directions. The declaration order is the
 * order in which they are written to the wire: the Java device SDK expects {@code $.mid} and {@code $.to} first.
 */
public enum SystemProperty {
    MESSAGE_ID("mid"),
    TO("to"),
    CORRELATION_ID("cid"),
    USER_ID("uid"),
    /** Absolute expiry time, ISO 8601. */
    EXPIRY_TIME("exp"),
    CONTENT_TYPE("ct"),
    CONTENT_ENCODING("ce"),
    /** The device's creation time, ISO 8601 UTC. */
    CREATION_TIME("ctime"),
    /** The output a module sent the message on. */
    OUTPUT_NAME("on"),
    CONNECTION_DEVICE_ID("cdid"),
    CONNECTION_MODULE_ID("cmid"),
    /** The interface id a security agent message declares. */
    INTERFACE_ID("ifid"),
    /** The IoT Plug and Play component the message belongs to. */
    COMPONENT_NAME("sub");

    private static final Map<String, SystemProperty> BY_SHORT_NAME = new HashMap<>();

    static {
        for (SystemProperty property : values()) {
            BY_SHORT_NAME.put(property.shortName, property);
        }
    }

    private final String shortName;

    SystemProperty(String shortName) {
        this.shortName = shortName;
    }

    /** The name after {@code $.} in a property bag, e.g. {@code mid}. */
    public String shortName() {
        return shortName;
    }

    /** @return the property whose short name is exactly {@code shortName} */
    public static Optional<SystemProperty> ofShortName(String shortName) {
        return Optional.ofNullable(BY_SHORT_NAME.get(shortName));
    }
}
