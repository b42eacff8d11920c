package org.openiothub.c2d;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a message's application properties as one JSON object, keeping their order. */
@Converter
public class ApplicationPropertiesConverter implements AttributeConverter<Map<String, String>, String> {

    @Override
    public String convertToDatabaseColumn(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        JsonObjectBuilder json = Json.createObjectBuilder();
        properties.forEach(json::add);
        return json.build().toString();
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String column) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (column == null || column.isEmpty()) {
            return properties;
        }
        try (JsonReader reader = Json.createReader(new StringReader(column))) {
            JsonObject json = reader.readObject();
            for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
                if (entry.getValue() instanceof JsonString text) {
                    properties.put(entry.getKey(), text.getString());
                }
            }
        }
        return properties;
    }
}
