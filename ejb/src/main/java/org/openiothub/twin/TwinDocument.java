package org.openiothub.twin;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A twin as stored: one row per device, with the parts of {@link StoredTwinParts}. */
@Entity
@Table(name = "twin")
@Cacheable(false)
class TwinDocument extends StoredTwinParts {

    @Id
    @Column(name = "device_id", length = 128)
    private String deviceId;

    protected TwinDocument() {
    }

    TwinDocument(Twin twin) {
        this.deviceId = twin.deviceId();
        write(twin);
    }

    Twin read() {
        return read(deviceId);
    }
}
