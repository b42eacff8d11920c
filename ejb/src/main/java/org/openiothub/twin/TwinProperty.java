package org.openiothub.twin;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import org.openiothub.query.TwinPropertyRow;
import org.openiothub.query.TwinPropertySql;

/**
 * One row of the property index that {@link TwinPropertySql} queries: a leaf of a device's query document. The
 * table and its two secondary indexes are the ones {@link TwinPropertySql} documents; schema generation creates them.
 */
@Entity
@Table(name = TwinPropertySql.TABLE, indexes = {
        @Index(name = "twin_property_value", columnList = "path, str_value, num_value, bool_value"),
        @Index(name = "twin_property_num", columnList = "path, num_value")})
@IdClass(TwinProperty.Key.class)
@Cacheable(false)
class TwinProperty {

    @Id
    @Column(name = "device_id", length = 260)
    private String deviceId;

    @Id
    @Column(name = "path", length = 1024)
    private String path;

    @Column(name = "str_value", length = 4096)
    private String stringValue;

    @Column(name = "num_value")
    private Double numberValue;

    @Column(name = "bool_value")
    private Boolean booleanValue;

    protected TwinProperty() {
    }

    TwinProperty(String deviceId, TwinPropertyRow row) {
        this.deviceId = deviceId;
        this.path = row.path();
        set(row);
    }

    void set(TwinPropertyRow row) {
        stringValue = row.stringValue();
        numberValue = row.numberValue();
        booleanValue = row.booleanValue();
    }

    TwinPropertyRow row() {
        return new TwinPropertyRow(path, stringValue, numberValue, booleanValue);
    }

    String path() {
        return path;
    }

    /** The composite primary key. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String deviceId;
        private String path;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(deviceId, key.deviceId) && Objects.equals(path, key.path);
        }

        @Override
        public int hashCode() {
            return Objects.hash(deviceId, path);
        }
    }
}
