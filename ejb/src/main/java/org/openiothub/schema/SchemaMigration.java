package org.openiothub.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * Brings the database's schema to the one this version of the hub maps, before anything else uses it: applies the
 * scripts under {@code db/migration} and the {@link JavaMigration} beans that the database has not had yet (Flyway, which records them in
 * {@code flyway_schema_history} and, on PostgreSQL, holds a lock so that nodes starting together migrate once), then
 * checks every entity's table and columns against the database (Hibernate's schema validation), so that a mapping
 * and a script that disagree stop the start instead of failing requests later.
 *
 * <p>Every startup bean that touches the database depends on this one ({@code @DependsOn("SchemaMigration")}).
 */
@Singleton
@Startup
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    /** A table of the schema as the hub created it before it had migrations: such a database starts at version 1. */
    private static final String TABLE_BEFORE_MIGRATIONS = "device";

    @Resource(lookup = "java:jboss/datasources/HubDS")
    DataSource dataSource;

    @PersistenceUnit(unitName = "hub")
    EntityManagerFactory entityManagerFactory;

    /** Migrations that need code rather than SQL, such as those that generate keys; their versions are their own. */
    @Inject
    Instance<JavaMigration> javaMigrations;

    /** Outside a transaction: Flyway commits each script itself. */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void migrate() {
        boolean createdBeforeMigrations;
        String productName;
        try (Connection connection = dataSource.getConnection()) {
            createdBeforeMigrations = hasTable(connection, TABLE_BEFORE_MIGRATIONS)
                    && !hasTable(connection, "flyway_schema_history");
            productName = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database's tables: " + e.getMessage(), e);
        }
        MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(placeholders("H2".equals(productName)))
                .javaMigrations(javaMigrations.stream().toArray(JavaMigration[]::new))
                .baselineOnMigrate(createdBeforeMigrations)
                .baselineVersion("1")
                .baselineDescription("schema created before migrations")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.infof("Database schema migrated from version %s to %s (%s)",
                    result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                    result.targetSchemaVersion, result.database);
        }
        entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
    }

    /** What differs between the two databases in the migration scripts. */
    static Map<String, String> placeholders(boolean h2) {
        return h2 ? Map.of("long_text", "clob", "ordinal_collation", "")
                : Map.of("long_text", "text", "ordinal_collation", "collate \"C\"");
    }

    private static boolean hasTable(Connection connection, String name) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String schema = connection.getSchema();
        for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT)}) {
            try (ResultSet tables = metaData.getTables(connection.getCatalog(), schema, candidate, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
