package org.openiothub.database;

import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Makes an embedded H2 database's commits durable: writes what is committed to its store file and forces the file
 * to disk, once for all the commits waiting at that moment (one {@link SyncGroup} per database).
 */
final class H2StoreSync {

    private final Map<MVStore, SyncGroup> groups = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Returns once every commit finished on {@code connection}'s database before this call is on disk.
     *
     * @throws SQLException when the store cannot be written or synced: what was committed may not be durable
     */
    void sync(JdbcConnection connection) throws SQLException {
        MVStore store = storeOf(connection);
        try {
            groups.computeIfAbsent(store, s -> new SyncGroup()).awaitSynced(() -> writeAndForce(store));
        } catch (RuntimeException e) {
            throw new SQLException("The database could not be synced to disk: " + e.getMessage(), e);
        }
    }

    /** How many syncs the database of {@code connection} has run. */
    long syncs(JdbcConnection connection) throws SQLException {
        SyncGroup group = groups.get(storeOf(connection));
        return group == null ? 0 : group.syncs();
    }

    /**
     * Stores what is committed in memory, then, once the store's background writes have reached the file too (they
     * are flushed under the store lock), forces the file to disk.
     */
    private static void writeAndForce(MVStore store) {
        store.commit();
        store.executeFilestoreOperation(store::sync);
    }

    /** @throws SQLException for a connection to a database in another process (a server URL) */
    static MVStore storeOf(JdbcConnection connection) throws SQLException {
        if (!(connection.getSession() instanceof SessionLocal session)) {
            throw new SQLException("Only an embedded H2 database can be synced on commit; " + connection.getMetaData().getURL()
                    + " is a remote one");
        }
        MVStore store = session.getDatabase().getStore().getMvStore();
        if (store.getFileStore() == null) {
            throw new SQLException("An in-memory H2 database has no store to sync");
        }
        return store;
    }
}
