package org.openiothub.twin;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import org.openiothub.registry.ModuleKey;

/**
 * A module twin as stored: one row per module, keyed by {@link ModuleKey}, with the parts of {@link StoredTwinParts}.
 * The {@link Twin} it reads back carries the device id; the module id stays with the row.
 */
@Entity
@Table(name = "module_twin", indexes = @Index(name = "module_twin_device", columnList = "device_id"))
@Cacheable(false)
class ModuleTwinDocument extends StoredTwinParts {

    @Id
    @Column(name = "module_key", length = 260)
    private String key;

    @Column(name = "device_id", nullable = false, length = 128)
    private String deviceId;

    @Column(name = "module_id", nullable = false, length = 128)
    private String moduleId;

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

    Twin read() {
        return read(deviceId);
    }
}
