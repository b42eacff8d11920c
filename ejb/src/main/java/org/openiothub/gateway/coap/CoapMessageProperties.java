package org.openiothub.gateway.coap;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

/**
 * A telemetry message's IoT Hub properties, carried as URI query options ({@code ?$.mid=42&$.ct=application/json&alert=1}):
 * {@code $.<name>} for a system property ({@code mid}, {@code cid}, {@code ct}, {@code ce}, ...), any other name for an
 * application property. CoAP carries each option decoded, so nothing is percent-decoded here. A Content-Format option
 * sets {@code $.ct} when the query does not (and {@code $.ce=utf-8} for text and JSON, which CoAP defines as UTF-8).
 */
final class CoapMessageProperties {

    private static final String SYSTEM_PREFIX = "$.";

    private CoapMessageProperties() {
    }

    /**
     * @param queries       the Uri-Query options, each {@code name=value} or {@code name} (an empty value)
     * @param contentFormat the Content-Format option, or {@link MediaTypeRegistry#UNDEFINED}
     * @throws IllegalArgumentException when a name is empty
     */
    static MessageProperties of(List<String> queries, int contentFormat) {
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        Map<String, String> application = new LinkedHashMap<>();
        for (String query : queries) {
            int eq = query.indexOf('=');
            String name = eq < 0 ? query : query.substring(0, eq);
            String value = eq < 0 ? "" : query.substring(eq + 1);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("A property in the query has an empty name");
            }
            Optional<SystemProperty> property = name.startsWith(SYSTEM_PREFIX)
                    ? SystemProperty.ofShortName(name.substring(SYSTEM_PREFIX.length()))
                    : Optional.empty();
            if (property.isPresent()) {
                system.put(property.get(), value);
            } else {
                application.put(name, value);
            }
        }
        if (contentFormat != MediaTypeRegistry.UNDEFINED && !system.containsKey(SystemProperty.CONTENT_TYPE)) {
            String mime = MediaTypeRegistry.toString(contentFormat);
            int parameters = mime.indexOf(';');
            system.put(SystemProperty.CONTENT_TYPE, parameters < 0 ? mime : mime.substring(0, parameters));
            // CoAP's text/plain is UTF-8 (RFC 7252 §12.3), as JSON is (RFC 8259): routing queries on $body need $.ce.
            boolean utf8 = contentFormat == MediaTypeRegistry.TEXT_PLAIN || contentFormat == MediaTypeRegistry.APPLICATION_JSON;
            if (utf8 && !system.containsKey(SystemProperty.CONTENT_ENCODING)) {
                system.put(SystemProperty.CONTENT_ENCODING, "utf-8");
            }
        }
        return new MessageProperties(system, application);
    }
}
