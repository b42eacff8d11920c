package org.openiothub.twin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.openiothub.query.TwinPropertyDiff;
import org.openiothub.query.TwinPropertyRow;
import org.openiothub.query.TwinPropertyRows;
import org.openiothub.query.TwinPropertySql;

/**
 * Keeps the {@code twin_property} rows of a device in step with its query document ({@link DeviceTwin#toJson()}),
 * in the caller's transaction. Rows are rewritten by difference, so a patch costs writes only for what it changed.
 *
 * <p>The twin and the registry entry are written by different transactions that do not lock each other, so each
 * writer touches only the rows of the fields it owns ({@link Part}): a twin save never rewrites {@code status} from a
 * registry entry it read before a concurrent replace committed, and a replace never rewrites tags.
 */
@ApplicationScoped
class JpaTwinPropertyIndex {

    /** Which fields of the query document a write brings up to date. */
    enum Part {
        /** {@code etag}, {@code version}, {@code tags}, {@code properties}: what {@link JpaTwinRepository} stores. */
        TWIN(path -> TWIN_FIELDS.contains(topLevelName(path))),
        /** Everything else: the registry entry's fields ({@code deviceId}, {@code status}, ...). */
        DEVICE(path -> !TWIN_FIELDS.contains(topLevelName(path))),
        BOTH(path -> true);

        private final Predicate<String> covers;

        Part(Predicate<String> covers) {
            this.covers = covers;
        }

        /** Whether a row at {@code path} belongs to this part. */
        boolean covers(String path) {
            return covers.test(path);
        }
    }

    private static final Set<String> TWIN_FIELDS = Set.of("etag", "version", "tags", "properties");

    private static final String DELETE = "DELETE FROM " + TwinPropertySql.TABLE + " WHERE device_id = ? AND path = ?";
    private static final String UPDATE = "UPDATE " + TwinPropertySql.TABLE
            + " SET str_value = ?, num_value = ?, bool_value = ? WHERE device_id = ? AND path = ?";
    static final String INSERT = "INSERT INTO " + TwinPropertySql.TABLE
            + " (device_id, path, str_value, num_value, bool_value) VALUES (?, ?, ?, ?, ?)";

    @PersistenceContext
    EntityManager em;

    @Inject
    BatchedTwinIndexWrites batched;

    @Resource(lookup = "java:jboss/datasources/HubDS")
    DataSource dataSource;

    /**
     * The rows of the {@link Part#TWIN} fields of the twin's query document: equal to the rows of
     * {@link DeviceTwin#toJson()} that {@code Part.TWIN} covers, whatever the registry entry, built without the
     * {@code $metadata} that the index leaves out anyway.
     */
    static List<TwinPropertyRow> twinRows(Twin twin) {
        return TwinPropertyRows.of(TwinJson.PROVIDER.createObjectBuilder()
                .add("etag", twin.etag())
                .add("version", twin.version())
                .add("tags", twin.tags())
                .add("properties", TwinJson.PROVIDER.createObjectBuilder()
                        .add("desired", twin.desired().toDeviceJson())
                        .add("reported", twin.reported().toDeviceJson()))
                .build());
    }

    /**
     * Applies each device's {@link Part#TWIN} row changes, computed from the twin it had and the twin it now has
     * (see {@link #twinRows}), as JDBC batches of single-row writes by primary key, in the caller's transaction.
     * Nothing is read: the twin writers keep these rows in step with the stored twin in the transaction that writes
     * it, so the rows of the twin before are the rows the index holds.
     *
     * @param changes row changes by device id
     * @throws IllegalStateException when the database refuses a write; the caller's transaction is then to roll back
     */
    void writeChanges(Map<String, TwinPropertyDiff> changes) {
        // Rows persisted through the persistence context (a twin created in this transaction) go first.
        em.flush();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(DELETE);
                PreparedStatement update = connection.prepareStatement(UPDATE);
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int deletes = 0;
            int updates = 0;
            int inserts = 0;
            for (Map.Entry<String, TwinPropertyDiff> change : changes.entrySet()) {
                String deviceId = change.getKey();
                for (String path : change.getValue().removedPaths()) {
                    delete.setString(1, deviceId);
                    delete.setString(2, path);
                    delete.addBatch();
                    deletes++;
                }
                for (TwinPropertyRow row : change.getValue().changed()) {
                    setValues(update, 1, row);
                    update.setString(4, deviceId);
                    update.setString(5, row.path());
                    update.addBatch();
                    updates++;
                }
                for (TwinPropertyRow row : change.getValue().added()) {
                    insert.setString(1, deviceId);
                    insert.setString(2, row.path());
                    setValues(insert, 3, row);
                    insert.addBatch();
                    inserts++;
                }
            }
            if (deletes > 0) {
                delete.executeBatch();
            }
            if (updates > 0) {
                update.executeBatch();
            }
            if (inserts > 0) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the query index rows of " + changes.size() + " twins: "
                    + e.getMessage(), e);
        }
    }

    /** Binds the row's string, number and boolean values (SQL NULL for those it does not have) from {@code first} on. */
    static void setValues(PreparedStatement statement, int first, TwinPropertyRow row) throws SQLException {
        if (row.stringValue() == null) {
            statement.setNull(first, Types.VARCHAR);
        } else {
            statement.setString(first, row.stringValue());
        }
        if (row.numberValue() == null) {
            statement.setNull(first + 1, Types.DOUBLE);
        } else {
            statement.setDouble(first + 1, row.numberValue());
        }
        if (row.booleanValue() == null) {
            statement.setNull(first + 2, Types.BOOLEAN);
        } else {
            statement.setBoolean(first + 2, row.booleanValue());
        }
    }

    /**
     * Brings the rows of {@code part} of the document's fields in step with {@code document}.
     *
     * @param document the device's query document, as {@link DeviceTwin#toJson()} gives it; in a transaction that
     *                 batches its index writes ({@link BatchedTwinIndexWrites}) the device is only noted
     */
    void write(String deviceId, JsonObject document, Part part) {
        if (batched.note(deviceId, part == Part.DEVICE ? null : document)) {
            return;
        }
        Map<String, TwinProperty> stored = new HashMap<>();
        for (TwinProperty property : em.createQuery("select p from TwinProperty p where p.deviceId = :device",
                TwinProperty.class).setParameter("device", deviceId).getResultList()) {
            if (part.covers(property.path())) {
                stored.put(property.path(), property);
            }
        }
        List<TwinPropertyRow> wanted = TwinPropertyRows.of(document).stream()
                .filter(row -> part.covers(row.path())).toList();
        TwinPropertyDiff diff = TwinPropertyDiff.between(stored.values().stream().map(TwinProperty::row).toList(), wanted);
        diff.removedPaths().forEach(path -> em.remove(stored.get(path)));
        diff.changed().forEach(row -> stored.get(row.path()).set(row));
        diff.added().forEach(row -> em.persist(new TwinProperty(deviceId, row)));
    }

    void delete(String deviceId) {
        em.createQuery("delete from TwinProperty p where p.deviceId = :device")
                .setParameter("device", deviceId)
                .executeUpdate();
    }

    private static String topLevelName(String path) {
        int end = 0;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        return path.substring(0, end);
    }
}
