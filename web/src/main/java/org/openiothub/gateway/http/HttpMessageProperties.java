package org.openiothub.gateway.http;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

/**
 * IoT Hub's HTTPS names for message properties, as headers of a single message and as the {@code properties} of a
 * batch entry: {@code iothub-messageid}, {@code iothub-correlationid}, ... for system properties and
 * {@code iothub-app-<name>} for application properties. Names are matched case-insensitively, as HTTP headers are.
 */
final class HttpMessageProperties {

    static final String APP_PREFIX = "iothub-app-";
    static final String TO = "iothub-to";

    /** The system properties a device may set over HTTPS, by their names there. */
    private static final Map<String, SystemProperty> SYSTEM = Map.of(
            "iothub-messageid", SystemProperty.MESSAGE_ID,
            "iothub-correlationid", SystemProperty.CORRELATION_ID,
            "iothub-userid", SystemProperty.USER_ID,
            "iothub-expiry", SystemProperty.EXPIRY_TIME,
            "iothub-contenttype", SystemProperty.CONTENT_TYPE,
            "iothub-contentencoding", SystemProperty.CONTENT_ENCODING,
            "iothub-creation-time-utc", SystemProperty.CREATION_TIME,
            "iothub-interface-id", SystemProperty.INTERFACE_ID);

    private HttpMessageProperties() {
    }

    /**
     * The properties named in {@code named}; anything that is neither a system property nor {@code iothub-app-*}
     * (other headers) is left out, as are empty values.
     *
     * @param ownPath the path the message was posted to: the SDKs put it in {@code iothub-to}, which then names the
     *                endpoint rather than an address the device chose, and is left out too
     */
    static MessageProperties of(Map<String, String> named, String ownPath) {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        Map<String, String> application = new LinkedHashMap<>();
        named.forEach((name, value) -> {
            if (name == null || value == null || value.isEmpty()) {
                return;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(APP_PREFIX) && lower.length() > APP_PREFIX.length()) {
                application.putIfAbsent(name.substring(APP_PREFIX.length()), value);
            } else if (lower.equals(TO)) {
                if (!value.equalsIgnoreCase(ownPath)) {
                    system.put(SystemProperty.TO, value);
                }
            } else if (SYSTEM.containsKey(lower)) {
                system.putIfAbsent(SYSTEM.get(lower), value);
            }
        });
        return new MessageProperties(system, application);
    }
}
