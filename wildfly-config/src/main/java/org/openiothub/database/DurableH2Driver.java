package org.openiothub.database;

import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import org.h2.jdbc.JdbcConnection;

/**
 * The hub's JDBC driver for its embedded H2 database: H2's own, with commits that return only once they are on disk
 * (H2 otherwise acknowledges a commit while its write is still in memory, so a crash loses it). It takes H2's
 * embedded URLs ({@code jdbc:h2:file:...}); installed as WildFly module {@code org.openiothub.h2}.
 */
public final class DurableH2Driver implements java.sql.Driver {

    private static final H2StoreSync STORE_SYNC = new H2StoreSync();

    private final org.h2.Driver h2 = new org.h2.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
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
