package org.openiothub.twin;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.openiothub.errors.HubException;

/**
 * IoT Hub's rules for twin documents. Keys: 1 byte to {@code maxKeyBytes} of UTF-8, no control characters,
 * no {@code .}, {@code $} or space ({@code $} names what the hub keeps itself). Values: strings up to
 * {@code maxStringBytes} of UTF-8, integers in [{@code minInteger}, {@code maxInteger}] (what a double holds
 * exactly), objects nested at most {@code maxDepth} deep below the document, arrays allowed. Sizes, counted as
 * IoT Hub counts them (key and string characters, 8 per number, 4 per boolean, without {@code $version} and
 * {@code $metadata}): tags up to {@code maxTagsSize}, desired and reported up to {@code maxPropertiesSize} each.
 *
 * <p>Every breach is an {@code ArgumentInvalid} naming the path and the limit.
 */
public record TwinLimits(int maxTagsSize, int maxPropertiesSize, int maxDepth, int maxKeyBytes, int maxStringBytes,
        long minInteger, long maxInteger) {

    /** IoT Hub's published limits. */
    public static final TwinLimits IOT_HUB = new TwinLimits(8 * 1024, 32 * 1024, 10, 1024, 4 * 1024,
            -4_503_599_627_370_496L, 4_503_599_627_370_495L);

    private static final int NUMBER_SIZE = 8;
    private static final int BOOLEAN_SIZE = 4;

    /**
     * Checks the keys and values of a patch or a whole document written to {@code path} ({@code tags},
     * {@code properties.desired}, {@code properties.reported}). {@code null} members (removals) pass.
     *
     * @throws HubException {@code ArgumentInvalid}
     */
    public void checkContent(String path, JsonObject document) {
        checkObject(path, document, 0);
    }

    /**
     * Checks the size a document would have after an update.
     *
     * @throws HubException {@code ArgumentInvalid} when it is over the limit of its part of the twin
     */
    public void checkSize(String path, JsonObject document) {
        int limit = path.equals("tags") ? maxTagsSize : maxPropertiesSize;
        long size = sizeOf(document);
        if (size > limit) {
            throw HubException.invalid("'" + path + "' size should be less than " + limit + " bytes; the update would make it "
                    + size + " bytes.");
        }
    }

    private void checkObject(String path, JsonObject object, int depth) {
        if (depth > maxDepth) {
            throw HubException.invalid("'" + path + "' is nested " + depth + " objects deep; the limit is " + maxDepth + ".");
        }
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            String memberPath = path + "." + member.getKey();
            checkKey(path, member.getKey());
            checkValue(memberPath, member.getValue(), depth);
        }
    }

    private void checkValue(String path, JsonValue value, int depth) {
        switch (value.getValueType()) {
            case OBJECT -> checkObject(path, value.asJsonObject(), depth + 1);
            case ARRAY -> {
                JsonArray array = value.asJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    checkValue(path + "[" + i + "]", array.get(i), depth);
                }
            }
            case STRING -> {
                int bytes = ((JsonString) value).getString().getBytes(StandardCharsets.UTF_8).length;
                if (bytes > maxStringBytes) {
                    throw HubException.invalid("'" + path + "' is a string of " + bytes + " bytes; the limit is "
                            + maxStringBytes + " bytes.");
                }
            }
            case NUMBER -> checkNumber(path, (JsonNumber) value);
            default -> {
                // true, false and null (a removal) are always allowed
            }
        }
    }

    private void checkNumber(String path, JsonNumber number) {
        if (!number.isIntegral()) {
            return;
        }
        BigInteger integer = number.bigIntegerValue();
        if (integer.compareTo(BigInteger.valueOf(minInteger)) < 0 || integer.compareTo(BigInteger.valueOf(maxInteger)) > 0) {
            throw HubException.invalid("'" + path + "' is " + integer + "; integers must be between " + minInteger
                    + " and " + maxInteger + ".");
        }
    }

    private void checkKey(String path, String key) {
        if (key.isEmpty()) {
            throw HubException.invalid("'" + path + "' has an empty key.");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxKeyBytes) {
            throw HubException.invalid("'" + path + "' has a key of " + bytes + " bytes; the limit is " + maxKeyBytes + " bytes.");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '$') {
                throw HubException.invalid("'" + path + "." + key + "': keys may not contain '$', which marks what the hub keeps ($version, $metadata).");
            }
            if (c == '.' || c == ' ' || Character.isISOControl(c)) {
                throw HubException.invalid("'" + path + "." + key + "': keys may not contain '.', spaces or control characters.");
            }
        }
    }

    /** IoT Hub's count: characters of keys and strings (control characters excepted), 8 per number, 4 per boolean. */
    static long sizeOf(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> value.asJsonObject().entrySet().stream()
                    .mapToLong(member -> characters(member.getKey()) + sizeOf(member.getValue())).sum();
            case ARRAY -> value.asJsonArray().stream().mapToLong(TwinLimits::sizeOf).sum();
            case STRING -> characters(((JsonString) value).getString());
            case NUMBER -> NUMBER_SIZE;
            case TRUE, FALSE -> BOOLEAN_SIZE;
            case NULL -> 0;
        };
    }

    private static long characters(String text) {
        return text.codePoints().filter(c -> !Character.isISOControl(c)).count();
    }
}
