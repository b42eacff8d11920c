package org.openiothub.database;

import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

import org.h2.jdbc.JdbcConnection;

/**
 * The hub's JDBC driver for its embedded H2 database: H2's own, with commits that return only once they are on disk
 * (H2 otherwise acknowledges a commit while its write is still in memory, so a crash loses it). It takes H2's
 * embedded URLs ({@code jdbc:h2:file:...}); installed as WildFly module {@code org.openiothub.h2}. A database whose
 * store a crash left open is rebuilt from its rows before its first connection ({@link H2CrashRebuild}).
 */
public final class DurableH2Driver implements java.sql.Driver {

    private static final H2StoreSync STORE_SYNC = new H2StoreSync();

    /** The databases this JVM has opened, each checked once for a crash before its first connection. */
    private static final Set<String> OPENED = new HashSet<>();

    private final org.h2.Driver h2 = new org.h2.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        rebuildOnFirstOpenIfCrashed(url, info);
        Connection connection = h2.connect(url, info);
        if (connection == null) {
            return null;
        }
        JdbcConnection h2Connection = (JdbcConnection) connection;
        try {
            H2StoreSync.storeOf(h2Connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return DurableConnection.wrap(h2Connection, STORE_SYNC);
    }

    private void rebuildOnFirstOpenIfCrashed(String url, Properties info) throws SQLException {
        String database = url.split(";", 2)[0];
        synchronized (OPENED) {
            if (!OPENED.contains(database)) {
                new H2CrashRebuild(h2).rebuildIfCrashed(url, info);
                OPENED.add(database);
            }
        }
    }

    /** How many times the database behind {@code connection} (one of this driver's) was synced to disk. */
    static long syncs(Connection connection) throws SQLException {
        return STORE_SYNC.syncs(connection.unwrap(JdbcConnection.class));
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return h2.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return h2.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return h2.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return h2.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return h2.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return h2.getParentLogger();
    }
}
