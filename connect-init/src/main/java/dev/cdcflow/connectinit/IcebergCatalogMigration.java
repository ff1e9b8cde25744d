package dev.cdcflow.connectinit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 3: the Iceberg stage's JDBC catalog, a database of its own owned by a role of its own (not the
 * superuser, not the storefront's). Java, not SQL: {@code CREATE DATABASE} runs outside a transaction and has no
 * {@code IF NOT EXISTS}. Iceberg's JdbcCatalog creates its tables there at first use. Safe to run again.
 */
final class IcebergCatalogMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription() {
        return "iceberg catalog database";
    }

    @Override
    public Integer getChecksum() {
        return 3;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        // Checked and escaped by PostgresMigrations: names are plain identifiers, the password a literal's body.
        Map<String, String> settings = context.getConfiguration().getPlaceholders();
        String database = settings.get("ICEBERG_CATALOG_DB");
        String role = settings.get("ICEBERG_CATALOG_USER");
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                statement.execute("CREATE ROLE \"" + role + "\"");
            }
            statement.execute("ALTER ROLE \"" + role + "\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
                    + settings.get("ICEBERG_CATALOG_PASSWORD") + "'");
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE \"" + database + "\" OWNER \"" + role + "\"");
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
