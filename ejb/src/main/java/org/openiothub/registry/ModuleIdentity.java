package org.openiothub.registry;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A module identity in the registry: an identity of its own under a device, with its own credentials. */
@Entity
@Table(name = "module_identity", indexes = @Index(name = "module_identity_device", columnList = "device_id"))
@Cacheable(false)
public class ModuleIdentity {

    /** {@link ModuleKey#of}. */
    @Id
    @Column(name = "module_key", length = 260)
    private String key;

    @Column(name = "device_id", nullable = false, length = 128)
    private String deviceId;

    @Column(name = "module_id", nullable = false, length = 128)
    private String moduleId;

    @Column(name = "generation_id", nullable = false, length = 32)
    private String generationId;

    /** Bumped on every change an operator makes; the etag is derived from it. */
    @Version
    private long version;

    @Column(name = "managed_by", length = 128)
    private String managedBy;

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

    protected ModuleIdentity() {
    }

    ModuleIdentity(String deviceId, String moduleId, String generationId) {
        this.key = ModuleKey.of(deviceId, moduleId);
        this.deviceId = deviceId;
        this.moduleId = moduleId;
        this.generationId = generationId;
    }

    public String deviceId() {
        return deviceId;
    }

    public String moduleId() {
        return moduleId;
    }

    public String generationId() {
        return generationId;
    }

    public long version() {
        return version;
    }

    public String managedBy() {
        return managedBy;
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

    /** Applies a completed description. */
    void apply(ModuleSpec spec) {
        managedBy = spec.managedBy();
        authenticationType = spec.authenticationType();
        primaryKey = spec.primaryKey();
        secondaryKey = spec.secondaryKey();
        primaryThumbprint = spec.primaryThumbprint();
        secondaryThumbprint = spec.secondaryThumbprint();
    }
}
