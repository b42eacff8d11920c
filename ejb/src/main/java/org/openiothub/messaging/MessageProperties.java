package org.openiothub.messaging;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The properties of a device message, as protocols carry them: system properties and application properties.
 * Values are never {@code null}; a missing property is absent from its map.
 *
 * @param system      unmodifiable, iterates in {@link SystemProperty} declaration order
 * @param application unmodifiable, iterates in the order the sender wrote them
 */
public record MessageProperties(Map<SystemProperty, String> system, Map<String, String> application) {

    public static final MessageProperties EMPTY = new MessageProperties(Map.of(), Map.of());

    public MessageProperties {
        EnumMap<SystemProperty, String> systemCopy = new EnumMap<>(SystemProperty.class);
        systemCopy.putAll(Objects.requireNonNull(system, "system"));
        system = Collections.unmodifiableMap(systemCopy);
        application = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(application, "application")));
        if (system.containsValue(null) || application.containsKey(null) || application.containsValue(null)) {
            throw new IllegalArgumentException("Message properties hold no null names or values");
        }
    }

    /** @return the value, or {@code null} when the property is absent */
    public String get(SystemProperty property) {
        return system.get(property);
    }

    public String messageId() {
        return system.get(SystemProperty.MESSAGE_ID);
    }

    public String correlationId() {
        return system.get(SystemProperty.CORRELATION_ID);
    }

    /** A copy with one more application property (replacing one of the same name). */
    public MessageProperties withApplicationProperty(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(application);
        copy.put(name, value);
        return new MessageProperties(system, copy);
    }

    /** A copy with one system property set. */
    public MessageProperties with(SystemProperty property, String value) {
        Map<SystemProperty, String> copy = new EnumMap<>(SystemProperty.class);
        copy.putAll(system);
        copy.put(property, value);
        return new MessageProperties(copy, application);
    }
}
