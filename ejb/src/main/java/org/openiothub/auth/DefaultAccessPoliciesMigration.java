package org.openiothub.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.Dependent;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Creates IoT Hub's five default shared access policies, each with two fresh keys, once per database: as a migration,
 * so that nodes of a cluster starting together on an empty database create them once (the migrations run under
 * Flyway's lock) and every node reads the same keys. A database that has some of them already keeps those.
 */
@Dependent
public class DefaultAccessPoliciesMigration implements JavaMigration {

    private static final Map<String, EnumSet<AccessRight>> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put(AccessPolicies.OWNER, EnumSet.allOf(AccessRight.class));
        DEFAULTS.put("service", EnumSet.of(AccessRight.ServiceConnect));
        DEFAULTS.put("device", EnumSet.of(AccessRight.DeviceConnect));
        DEFAULTS.put("registryRead", EnumSet.of(AccessRight.RegistryRead));
        DEFAULTS.put("registryReadWrite", EnumSet.of(AccessRight.RegistryRead, AccessRight.RegistryWrite));
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription() {
        return "default access policies";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM shared_access_policy WHERE name = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO shared_access_policy (name, primary_key, secondary_key, rights) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, EnumSet<AccessRight>> policy : DEFAULTS.entrySet()) {
                exists.setString(1, policy.getKey());
                try (ResultSet found = exists.executeQuery()) {
                    if (found.next()) {
                        continue;
                    }
                }
                insert.setString(1, policy.getKey());
                insert.setString(2, SymmetricKeys.generate());
                insert.setString(3, SymmetricKeys.generate());
                insert.setString(4, SharedAccessPolicy.rightsColumn(policy.getValue()));
                insert.executeUpdate();
            }
        }
    }
}
