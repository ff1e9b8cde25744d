package dev.cdcflow.seeder;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;

/** Opens JDBC connections to the seeder's database, with the storefront schema first on the search path. */
final class PostgresConnections {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private PostgresConnections() {
    }

    static Connection open(SeederConfig config) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.postgresUser());
        properties.setProperty("password", config.postgresPassword().value());
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", "60");
        // Multi-row INSERTs from JDBC batches: the full load goes several times faster.
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "cdcflow-seeder");
        // The pgjdbc driver ships inside the plugin; DriverManager may not see it from the plugin's class loader.
        Connection connection = new Driver().connect(config.postgresUrl(), properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + config.postgresUrl());
        }
        try (Statement statement = connection.createStatement()) {
            // The schema name is validated as a plain lower-case identifier, so it needs no quoting.
            statement.execute("SET search_path TO " + config.postgresSchema());
        }
        return connection;
    }

    /** Whether {@code config}'s database answers; the message says why not. */
    static String problemConnecting(SeederConfig config) {
        try {
            open(config).close();
            return null;
        } catch (SQLException e) {
            return "Cannot connect to " + config.postgresUrl() + " as " + config.postgresUser() + ": " + e.getMessage();
        }
    }
}
