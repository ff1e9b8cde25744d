package dev.cdcflow.seeder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Creates the storefront schema and tables if they are missing, from the DDL shipped in this plugin: the build
 * packages sql/postgres/V1__storefront_schema.sql, the first of the migrations connect-init runs.
 */
final class SchemaInstaller {

    static final String DDL_RESOURCE = "V1__storefront_schema.sql";

    private SchemaInstaller() {
    }

    static void install(SeederConfig config) throws SQLException {
        try (Connection connection = PostgresConnections.open(config);
             Statement statement = connection.createStatement()) {
            // Only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema is
            // there, and the seeder's role owns its tables, not the database.
            if (!schemaExists(connection, config.postgresSchema())) {
                statement.execute("CREATE SCHEMA " + config.postgresSchema());
            }
            statement.execute("SET search_path TO " + config.postgresSchema());
            for (String sql : statements()) {
                statement.execute(sql);
            }
        }
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet found = query.executeQuery()) {
                return found.next();
            }
        }
    }

    /** The DDL's statements: comments removed, split on ';'. */
    static List<String> statements() {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(DDL_RESOURCE)) {
            String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String withoutComments = Arrays.stream(ddl.split("\n"))
                    .map(line -> line.replaceAll("--.*$", ""))
                    .collect(Collectors.joining("\n"));
            return Arrays.stream(withoutComments.split(";")).map(String::trim).filter(sql -> !sql.isEmpty())
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DDL_RESOURCE, e);
        }
    }
}
