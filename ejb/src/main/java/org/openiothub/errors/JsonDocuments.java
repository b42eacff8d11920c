package org.openiothub.errors;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

/**
 * Reads JSON that a client sent (a REST body, an MQTT payload, a line of an import file). Whatever is wrong with it is
 * the client's {@code IotHubFormatError}: broken syntax, nesting deeper than the parser allows, bytes that are not
 * UTF-8. Never an internal error.
 */
public final class JsonDocuments {

    /** Looked up once: {@code Json.createReader} looks the provider up through the service loader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonDocuments() {
    }

    /**
     * @param utf8 the document's bytes, which must be UTF-8
     * @throws HubException {@code IotHubFormatError} when they are not UTF-8 or not one JSON value
     */
    public static JsonValue read(byte[] utf8) {
        return read(utf8(utf8));
    }

    /** @throws HubException {@code IotHubFormatError} when {@code text} is not exactly one JSON value */
    public static JsonValue read(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The JSON document is empty.");
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "Malformed JSON: something follows the document.");
            }
            return value;
        } catch (HubException e) {
            throw e;
        } catch (JsonParsingException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "Malformed JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage());
        } catch (JsonException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "Malformed JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            // Parsson refuses nesting deeper than its limit (1,000) with a bare RuntimeException.
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "Unreadable JSON: " + e.getMessage());
        }
    }

    /**
     * Decodes text a client sent as UTF-8, refusing what is not (a lenient decoder would put U+FFFD in its place and
     * store it).
     *
     * @throws HubException {@code IotHubFormatError} when {@code utf8} is not well-formed UTF-8
     */
    public static String utf8(byte[] utf8) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HubException(ErrorCode.IOTHUB_FORMAT_ERROR, "The text is not valid UTF-8.");
        }
    }
}
