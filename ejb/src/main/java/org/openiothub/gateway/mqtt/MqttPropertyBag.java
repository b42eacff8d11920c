package org.openiothub.gateway.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

/**
 * The property bag IoT Hub puts in the last topic segment of device messages: {@code k=v&k=v}, keys and values
 * percent-encoded. System properties are the keys {@code $.<name>}; SDKs write the {@code $} raw (Java) or as
 * {@code %24} (Node), so keys are decoded before they are classified.
 */
public final class MqttPropertyBag {

    private static final String SYSTEM_PREFIX = "$.";
    private static final String ENCODED_SYSTEM_PREFIX = "%24.";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MqttPropertyBag() {
    }

    /**
     * Reads a bag. Empty segments ({@code a=1&&b=2}) are skipped, a key without {@code =} has an empty value, and
     * a later key replaces an earlier one. Unknown {@code $.} keys are application properties.
     *
     * @param bag the text after {@code messages/events/}, possibly with the trailing {@code /} the Java SDK writes
     *            for modules; {@code null} or empty for none
     * @throws MalformedPropertyBagException when a key is empty or the percent-encoding is not valid UTF-8
     */
    public static MessageProperties decode(String bag) {
        if (bag == null || bag.isEmpty() || bag.equals("/")) {
            return MessageProperties.EMPTY;
        }
        String text = bag.endsWith("/") ? bag.substring(0, bag.length() - 1) : bag;
        Map<SystemProperty, String> system = new EnumMap<>(SystemProperty.class);
        Map<String, String> application = new LinkedHashMap<>();
        for (String segment : text.split("&")) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            String key = percentDecode(eq < 0 ? segment : segment.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(segment.substring(eq + 1));
            if (key.isEmpty()) {
                throw new MalformedPropertyBagException("A property in the topic has an empty name");
            }
            Optional<SystemProperty> property = key.startsWith(SYSTEM_PREFIX)
                    ? SystemProperty.ofShortName(key.substring(SYSTEM_PREFIX.length()))
                    : Optional.empty();
            if (property.isPresent()) {
                system.put(property.get(), value);
            } else {
                application.put(key, value);
            }
        }
        return new MessageProperties(system, application);
    }

    /**
     * Writes a bag: system properties first, each as {@code %24.<name>=<value>}, then application properties, in
     * their order. Properties with an empty value are left out, since SDKs fail on them; so the result is empty
     * when there is nothing to write. The Java SDK reads a bag from its first {@code %24}, so a bag meant for it
     * needs at least one system property.
     */
    public static String encode(MessageProperties properties) {
        StringBuilder bag = new StringBuilder();
        for (Map.Entry<SystemProperty, String> entry : properties.system().entrySet()) {
            append(bag, ENCODED_SYSTEM_PREFIX + entry.getKey().shortName(), entry.getValue());
        }
        for (Map.Entry<String, String> entry : properties.application().entrySet()) {
            if (!entry.getKey().isEmpty()) {
                append(bag, percentEncode(entry.getKey()), entry.getValue());
            }
        }
        return bag.toString();
    }

    private static void append(StringBuilder bag, String encodedKey, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (bag.length() > 0) {
            bag.append('&');
        }
        bag.append(encodedKey).append('=').append(percentEncode(value));
    }

    /** RFC 3986 encoding: everything but unreserved characters as UTF-8 {@code %XX}, so a space is {@code %20}. */
    static String percentEncode(String text) {
        StringBuilder encoded = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }

    /**
     * Percent-decoding as {@code decodeURIComponent} does it: a {@code +} stays a plus (devices encode a space as
     * {@code %20}, and MQTT forbids a raw {@code +} in topic names anyway).
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new MalformedPropertyBagException("Truncated percent-encoding in the topic");
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new MalformedPropertyBagException("Invalid percent-encoding in the topic");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPropertyBagException("The percent-encoding in the topic is not UTF-8");
        }
    }

    /** The bag cannot be read; the device is at fault. */
    public static final class MalformedPropertyBagException extends IllegalArgumentException {

        MalformedPropertyBagException(String message) {
            super(message);
        }
    }
}
