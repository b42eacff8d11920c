package org.openiothub.twin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.openiothub.query.TwinPropertyRow;
import org.openiothub.query.TwinPropertyRows;
import org.openiothub.query.TwinPropertySql;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRecord;

/**
 * Index writes of a transaction that writes many devices, such as an import batch: while {@link #start started},
 * index writes only note the device, and {@link #write} then rewrites every noted device's rows from its documents as
 * they stand, with one JDBC batch of deletes and one of inserts. Through JPA each device cost a query of its rows and
 * an entity per row, which made an import of 100,000 devices spend most of its time in the persistence layer.
 *
 * <p>The notes live in the transaction ({@link TransactionSynchronizationRegistry}), so other transactions keep
 * writing their rows at once. The statements run on the transaction's own connection (the data source hands out
 * the connection already enlisted in it), so they commit or roll back with everything else.
 */
@ApplicationScoped
class BatchedTwinIndexWrites {

    private static final String NOTED = BatchedTwinIndexWrites.class.getName();
    private static final String DELETE = "DELETE FROM " + TwinPropertySql.TABLE + " WHERE device_id = ?";

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Resource(lookup = "java:jboss/datasources/HubDS")
    DataSource dataSource;

    @PersistenceContext
    EntityManager em;

    /** From now until {@link #write}, this transaction's index writes are noted, not made. */
    void start() {
        transactions.putResource(NOTED, new LinkedHashMap<String, JsonObject>());
    }

    /**
     * @param document the device's whole query document as it stands, or {@code null} when the caller has only part
     *                 of it: it is then built from the registry entry and the twin at {@link #write}
     * @return whether the device was noted; {@code false} when this transaction writes its rows at once
     */
    boolean note(String deviceId, JsonObject document) {
        Map<String, JsonObject> noted = noted();
        if (noted == null) {
            return false;
        }
        noted.put(deviceId, document);
        return true;
    }

    /** Rewrites the rows of every noted device from its registry entry and twin in this transaction, and stops noting. */
    void write() {
        Map<String, JsonObject> noted = noted();
        if (noted == null) {
            return;
        }
        transactions.putResource(NOTED, null);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(DELETE);
                PreparedStatement insert = connection.prepareStatement(JpaTwinPropertyIndex.INSERT)) {
            for (String deviceId : noted.keySet()) {
                delete.setString(1, deviceId);
                delete.addBatch();
            }
            delete.executeBatch();
            for (Map.Entry<String, JsonObject> entry : noted.entrySet()) {
                String deviceId = entry.getKey();
                Device device = em.find(Device.class, deviceId);
                if (device == null) {
                    continue; // deleted in this transaction, with its rows
                }
                JsonObject document = entry.getValue() != null ? entry.getValue() : documentOf(device);
                for (TwinPropertyRow row : TwinPropertyRows.of(document)) {
                    add(insert, deviceId, row);
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("Could not write the query index of " + noted.size() + " devices", e);
        }
    }

    private JsonObject documentOf(Device device) {
        TwinDocument stored = em.find(TwinDocument.class, device.deviceId());
        Twin twin = stored == null ? Twin.empty(device.deviceId(), Instant.now()) : stored.read();
        return new DeviceTwin(DeviceRecord.identityOf(device), twin).toJson();
    }

    @SuppressWarnings("unchecked")
    private Map<String, JsonObject> noted() {
        return (Map<String, JsonObject>) transactions.getResource(NOTED);
    }

    private static void add(PreparedStatement insert, String deviceId, TwinPropertyRow row) throws SQLException {
        insert.setString(1, deviceId);
        insert.setString(2, row.path());
        JpaTwinPropertyIndex.setValues(insert, 3, row);
        insert.addBatch();
    }
}
