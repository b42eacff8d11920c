package org.openiothub.twin;

import java.io.StringReader;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import org.openiothub.registry.ModuleKey;

/**
 * A module twin as stored: one row per module, keyed by {@link ModuleKey}, each part as {@link TwinDocument} keeps a
 * device twin's. The {@link Twin} it reads back carries the device id; the module id stays with the row.
 */
@Entity
@Table(name = "module_twin", indexes = @Index(name = "module_twin_device", columnList = "device_id"))
@Cacheable(false)
class ModuleTwinDocument {

    /** As {@link TwinDocument}'s: room for a full document with metadata on every key. */
    private static final int JSON_LENGTH = 4 * 1024 * 1024;

    @Id
    @Column(name = "module_key", length = 260)
    private String key;

    @Column(name = "device_id", nullable = false, length = 128)
    private String deviceId;

    @Column(name = "module_id", nullable = false, length = 128)
    private String moduleId;

    @Column(nullable = false)
    private long version;

    @Column(nullable = false, length = JSON_LENGTH)
    private String tags;

    @Column(nullable = false, length = JSON_LENGTH)
    private String desired;

    @Column(nullable = false, length = JSON_LENGTH)
    private String reported;

    protected ModuleTwinDocument() {
    }

    ModuleTwinDocument(String moduleId, Twin twin) {
        this.key = ModuleKey.of(twin.deviceId(), moduleId);
        this.deviceId = twin.deviceId();
        this.moduleId = moduleId;
        write(twin);
    }

    String moduleId() {
        return moduleId;
    }

    void write(Twin twin) {
        version = twin.version();
        tags = twin.tags().toString();
        desired = twin.desired().toJson().toString();
        reported = twin.reported().toJson().toString();
    }

    Twin read() {
        return new Twin(deviceId, version, parse(tags), TwinCollection.fromJson(parse(desired), true),
                TwinCollection.fromJson(parse(reported), false));
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = TwinJson.PROVIDER.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
