package org.openiothub.twin;

import java.io.StringReader;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import org.openiothub.schema.JsonColumns;

/**
 * The columns a stored twin has, device's or module's: its version and each part as the JSON the model writes
 * ({@code desired} and {@code reported} with their {@code $version} and {@code $metadata}).
 */
@MappedSuperclass
abstract class StoredTwinParts {

    @Column(nullable = false)
    private long version;

    @Column(nullable = false, length = JsonColumns.LENGTH)
    private String tags;

    @Column(nullable = false, length = JsonColumns.LENGTH)
    private String desired;

    @Column(nullable = false, length = JsonColumns.LENGTH)
    private String reported;

    void write(Twin twin) {
        version = twin.version();
        tags = twin.tags().toString();
        desired = twin.desired().toJson().toString();
        reported = twin.reported().toJson().toString();
    }

    /** @param deviceId the device the twin, or its module's twin, belongs to */
    Twin read(String deviceId) {
        return new Twin(deviceId, version, parse(tags), TwinCollection.fromJson(parse(desired), true),
                TwinCollection.fromJson(parse(reported), false));
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = TwinJson.PROVIDER.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
