package org.openiothub.method;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

/** Tells whether bytes are one JSON document, by streaming over them without building a tree. */
final class JsonText {

    /** Looked up once: {@code Json.createParser} would search for a provider on every call. */
    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of());

    private JsonText() {
    }

    /** @return whether {@code utf8} holds exactly one JSON value (object, array, string, number, literal) */
    static boolean isJson(byte[] utf8) {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(utf8), StandardCharsets.UTF_8)) {
            if (!parser.hasNext()) {
                return false;
            }
            while (parser.hasNext()) {
                parser.next();
            }
            return true;
        } catch (RuntimeException e) {
            // JsonException for bad syntax, and a bare RuntimeException from Parsson for nesting beyond its limit
            return false;
        }
    }
}
