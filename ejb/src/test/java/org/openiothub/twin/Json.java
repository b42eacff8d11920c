package org.openiothub.twin;

import java.io.StringReader;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** JSON objects from text written with single quotes, to keep the tests readable. */
final class Json {

    private Json() {
    }

    static JsonObject of(String singleQuoted) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(singleQuoted.replace('\'', '"')))) {
            return reader.readObject();
        }
    }
}
