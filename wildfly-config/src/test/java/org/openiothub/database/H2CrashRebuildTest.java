package org.openiothub.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CrashRebuildTest {

    @TempDir
    Path dir;

    private final org.h2.Driver h2 = new org.h2.Driver();
    private final H2CrashRebuild rebuild = new H2CrashRebuild(h2);

    @Test
    void aStoreLeftOpenByACrashIsRebuiltWithItsRowsAndIndexes() throws Exception {
        String url = url();
        try (Connection connection = h2.connect(url, credentials()); Statement statement = connection.createStatement()) {
            statement.execute("create table message (id int primary key, state varchar(16), body clob)");
            statement.execute("create index message_state on message (state, id)");
            statement.execute("insert into message select x, case when mod(x, 2) = 0 then 'ENQUEUED' else 'INVISIBLE' end,"
                    + " repeat('b', 100) from system_range(1, 1000)");
            statement.execute("CHECKPOINT");
            statement.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException closedUnderTheStatement) {
            // the database goes away while the statement runs
        }
        assertFalse(H2StoreHeader.closedCleanly(store()));

        assertTrue(rebuild.rebuildIfCrashed(url, credentials()));

        assertTrue(H2StoreHeader.closedCleanly(store()));
        assertFalse(Files.exists(dir.resolve("hub.rebuilding")));
        try (Connection connection = h2.connect(url, credentials()); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from message where state = 'INVISIBLE'")) {
            rows.next();
            assertEquals(500, rows.getInt(1));
        }
    }

    @Test
    void aStoreClosedCleanlyIsLeftAsItIs() throws Exception {
        String url = url();
        try (Connection connection = h2.connect(url, credentials()); Statement statement = connection.createStatement()) {
            statement.execute("create table item (id int primary key)");
        }
        long modified = Files.getLastModifiedTime(store()).toMillis();
        assertFalse(rebuild.rebuildIfCrashed(url, credentials()));
        assertEquals(modified, Files.getLastModifiedTime(store()).toMillis());
    }

    @Test
    void aRebuildThatWasInterruptedRunsAgain() throws Exception {
        String url = url();
        try (Connection connection = h2.connect(url, credentials()); Statement statement = connection.createStatement()) {
            statement.execute("create table item (id int primary key)");
            statement.execute("insert into item values (7)");
        }
        Files.writeString(dir.resolve("hub.rebuilding"), "interrupted");
        assertTrue(rebuild.rebuildIfCrashed(url, credentials()));
        try (Connection connection = h2.connect(url, credentials()); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select id from item")) {
            rows.next();
            assertEquals(7, rows.getInt(1));
        }
    }

    @Test
    void aNewDatabaseNeedsNoRebuild() throws SQLException {
        assertFalse(rebuild.rebuildIfCrashed(url(), credentials()));
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private Path store() {
        return dir.resolve("hub.mv.db");
    }

    private static Properties credentials() {
        Properties credentials = new Properties();
        credentials.setProperty("user", "hub");
        credentials.setProperty("password", "hub");
        return credentials;
    }
}
