package org.openiothub.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableH2DriverTest {

    @TempDir
    Path dir;

    private final DurableH2Driver driver = new DurableH2Driver();
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = connect("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table item (id int primary key, name varchar(20))");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void aCommitThatWroteIsSynced() throws SQLException {
        connection.setAutoCommit(false);
        long before = DurableH2Driver.syncs(connection);
        try (PreparedStatement insert = connection.prepareStatement("insert into item values (?, ?)")) {
            insert.setInt(1, 1);
            insert.setString(2, "one");
            insert.executeUpdate();
        }
        connection.commit();
        assertEquals(before + 1, DurableH2Driver.syncs(connection));
    }

    @Test
    void aCommitThatOnlyReadIsNotSynced() throws SQLException {
        connection.setAutoCommit(false);
        long before = DurableH2Driver.syncs(connection);
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select * from item")) {
            rows.next();
        }
        connection.commit();
        assertEquals(before, DurableH2Driver.syncs(connection));
    }

    @Test
    void aWriteInAutoCommitModeIsSynced() throws SQLException {
        long before = DurableH2Driver.syncs(connection);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into item values (2, 'two')");
        }
        assertEquals(before + 1, DurableH2Driver.syncs(connection));
    }

    @Test
    void turningAutoCommitOnWithPendingWritesSyncsThem() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into item values (3, 'three')");
        }
        long before = DurableH2Driver.syncs(connection);
        connection.setAutoCommit(true);
        assertEquals(before + 1, DurableH2Driver.syncs(connection));
    }

    @Test
    void committedRowsAreInTheFileAfterTheStoreIsAbandoned() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into item values (4, 'four')");
        }
        connection.commit();
        // Closing without a clean shutdown leaves the file as a crash would: only what was written before is there.
        try (Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException expectedAsTheDatabaseGoesAway) {
            // the connection closes under the statement
        }
        connection = connect("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select name from item where id = 4")) {
            rows.next();
            assertEquals("four", rows.getString(1));
        }
    }

    @Test
    void anInMemoryDatabaseIsRefused() {
        assertThrows(SQLException.class, () -> connect("jdbc:h2:mem:nothing-to-sync").close());
    }

    private Connection connect(String url) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", "hub");
        credentials.setProperty("password", "hub");
        return driver.connect(url, credentials);
    }
}
