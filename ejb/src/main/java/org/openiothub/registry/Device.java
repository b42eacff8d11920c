package org.openiothub.registry;

import java.time.Instant;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A device identity in the registry: what an operator manages. Connection state lives in {@link DeviceConnection}. */
@Entity
@Table(name = "device")
@Cacheable(false)
public class Device {

    @Id
    @Column(name = "device_id", length = 128)
    private String deviceId;

    @Column(name = "generation_id", nullable = false, length = 32)
    private String generationId;

    /** Bumped on every change an operator makes; the etag is derived from it. */
    @Version
    private long version;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private DeviceStatus status;

    @Column(name = "status_reason", length = 128)
    private String statusReason;

    @Column(name = "status_updated_time")
    private Instant statusUpdatedTime;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "auth_type", nullable = false, length = 32)
    private AuthenticationType authenticationType;

    @Column(name = "primary_key", length = 128)
    private String primaryKey;

    @Column(name = "secondary_key", length = 128)
    private String secondaryKey;

    @Column(name = "primary_thumbprint", length = 64)
    private String primaryThumbprint;

    @Column(name = "secondary_thumbprint", length = 64)
    private String secondaryThumbprint;

    @Column(name = "iot_edge", nullable = false)
    private boolean iotEdge;

    protected Device() {
    }

    Device(String deviceId, String generationId) {
        this.deviceId = deviceId;
        this.generationId = generationId;
    }

    public String deviceId() {
        return deviceId;
    }

    public String generationId() {
        return generationId;
    }

    public long version() {
        return version;
    }

    public DeviceStatus status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public Instant statusUpdatedTime() {
        return statusUpdatedTime;
    }

    public AuthenticationType authenticationType() {
        return authenticationType;
    }

    public String primaryKey() {
        return primaryKey;
    }

    public String secondaryKey() {
        return secondaryKey;
    }

    public String primaryThumbprint() {
        return primaryThumbprint;
    }

    public String secondaryThumbprint() {
        return secondaryThumbprint;
    }

    public boolean iotEdge() {
        return iotEdge;
    }

    /** Applies an operator's description; the status time moves only when the status does. */
    void apply(DeviceSpec spec, Instant now) {
        if (status != spec.status() || statusUpdatedTime == null) {
            statusUpdatedTime = now;
        }
        status = spec.status();
        statusReason = spec.statusReason();
        authenticationType = spec.authenticationType();
        primaryKey = spec.primaryKey();
        secondaryKey = spec.secondaryKey();
        primaryThumbprint = spec.primaryThumbprint();
        secondaryThumbprint = spec.secondaryThumbprint();
        iotEdge = spec.iotEdge();
    }
}
