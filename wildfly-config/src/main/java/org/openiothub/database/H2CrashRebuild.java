package org.openiothub.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rebuilds an embedded H2 database from its rows after a crash. H2 2.2 rolls back the transactions a crash left open
 * when it opens the store again, and can leave an entry of a secondary index behind that no longer matches its row
 * (seen: a query on a state column returned a row in another state); the rows themselves are right. So a store that
 * was not closed cleanly is written out as SQL ({@code SCRIPT}), loaded into a new store ({@code RUNSCRIPT}), which
 * builds every index afresh, and the new store replaces the old one. A marker file makes a rebuild that was itself
 * interrupted start again at the next open.
 */
final class H2CrashRebuild {

    private static final Logger LOG = Logger.getLogger(H2CrashRebuild.class.getName());
    private static final String FILE_URL = "jdbc:h2:file:";
    private static final String STORE_SUFFIX = ".mv.db";

    private final java.sql.Driver h2;

    H2CrashRebuild(java.sql.Driver h2) {
        this.h2 = h2;
    }

    /**
     * Rebuilds the database of {@code url} when its store was not closed cleanly (or an earlier rebuild did not
     * finish); does nothing for a store that was, for a new database and for URLs other than {@code jdbc:h2:file:}.
     *
     * @return whether it rebuilt
     * @throws SQLException when the rebuild fails; the old store is then left as it was
     */
    boolean rebuildIfCrashed(String url, Properties info) throws SQLException {
        if (!url.startsWith(FILE_URL)) {
            return false;
        }
        String base = url.substring(FILE_URL.length()).split(";", 2)[0];
        Path store = Path.of(base + STORE_SUFFIX);
        Path marker = Path.of(base + ".rebuilding");
        try {
            if (!Files.exists(store) || (H2StoreHeader.closedCleanly(store) && !Files.exists(marker))) {
                return false;
            }
            long started = System.nanoTime();
            LOG.warning(() -> "The database " + store + " was not closed cleanly: rebuilding it from its rows");
            Files.writeString(marker, "a rebuild of " + store + " started and has not finished\n");
            Path script = Path.of(base + "-rebuild.sql");
            String rebuiltBase = base + "-rebuild";
            Path rebuilt = Path.of(rebuiltBase + STORE_SUFFIX);
            Files.deleteIfExists(script);
            Files.deleteIfExists(rebuilt);
            run(url, info, "SCRIPT TO " + quoted(script));
            run(FILE_URL + rebuiltBase + url.substring(FILE_URL.length() + base.length()), info, "RUNSCRIPT FROM " + quoted(script));
            Files.move(rebuilt, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(script);
            Files.deleteIfExists(Path.of(rebuiltBase + ".trace.db"));
            Files.delete(marker);
            LOG.info(() -> "The database " + store + " was rebuilt in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return true;
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "The database " + store + " could not be rebuilt after a crash", e);
            throw new SQLException("The database " + store + " could not be rebuilt after a crash: " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} on a connection of its own, then closes the database cleanly. */
    private void run(String url, Properties info, String sql) throws SQLException {
        try (Connection connection = h2.connect(url, info); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            statement.execute("SHUTDOWN");
        }
    }

    private static String quoted(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
