package dev.cdcflow.connectinit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the storefront database up to date with the Flyway migrations of {@code sql/postgres/} (and the Java
 * migration {@link IcebergCatalogMigration}), as the administrator. Compose's connect-init runs it before it
 * registers the connectors, and the local stack runs it the same way, so a PostgreSQL volume of any age ends up with
 * the same schema, roles, publication and catalog database.
 *
 * <p>Settings reach the SQL as Flyway placeholders named like .env's variables ({@code ${DEBEZIUM_DB_USER}}), each
 * made safe for the one place such a value may stand: names of roles, databases and the publication must be plain
 * lower-case identifiers (they stand in double quotes and in string literals), and values of names ending in
 * {@code _PASSWORD} are escaped for a string literal.
 *
 * <p>A database made before migrations existed (by the files PostgreSQL's image ran at first start) has objects but
 * no history: it is baselined at version 0 and every migration runs, each written to find its objects already there.
 */
public final class PostgresMigrations {

    /** The settings the migrations read, and the .env defaults Compose gives them. */
    static final Map<String, String> SETTINGS = settings();
    /** The history table, in the storefront database's public schema (never in Debezium's publication). */
    static final String HISTORY_TABLE = "cdcflow_schema_history";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The roles the migrations make, each with fewer rights than the administrator. */
    private static final List<String> ROLES = List.of("DEBEZIUM_DB_USER", "SEEDER_DB_USER", "ICEBERG_CATALOG_USER");

    private PostgresMigrations() {
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("POSTGRES_DB", "storefront");
        settings.put("DEBEZIUM_DB_USER", "debezium");
        settings.put("DEBEZIUM_DB_PASSWORD", null);
        settings.put("DEBEZIUM_PUBLICATION", "storefront_debezium");
        settings.put("ICEBERG_CATALOG_DB", "iceberg_catalog");
        settings.put("ICEBERG_CATALOG_USER", "iceberg_catalog");
        settings.put("ICEBERG_CATALOG_PASSWORD", null);
        settings.put("SEEDER_DB_USER", "seeder");
        settings.put("SEEDER_DB_PASSWORD", null);
        return settings;
    }

    /**
     * Runs the migrations of {@code folder} against the database {@code environment} names ({@code POSTGRES_HOST},
     * {@code POSTGRES_PORT}, {@code POSTGRES_DB}) as its administrator ({@code POSTGRES_USER},
     * {@code POSTGRES_PASSWORD}), as Compose's connect-init does; returns how many ran.
     */
    public static int migrate(Path folder, Map<String, String> environment) {
        String url = "jdbc:postgresql://" + environment.getOrDefault("POSTGRES_HOST", "postgres") + ":"
                + environment.getOrDefault("POSTGRES_PORT", "5432") + "/"
                + environment.getOrDefault("POSTGRES_DB", SETTINGS.get("POSTGRES_DB"));
        String user = environment.get("POSTGRES_USER");
        String password = environment.get("POSTGRES_PASSWORD");
        if (user == null || password == null) {
            throw new IllegalArgumentException("Set POSTGRES_USER and POSTGRES_PASSWORD: the PostgreSQL migrations "
                    + "run as the database's administrator");
        }
        return migrate(url, user, password, folder, environment);
    }

    /**
     * Runs the migrations of {@code folder} against {@code jdbcUrl} as {@code user}, with the settings taken from
     * {@code environment}; returns how many ran. Fails with Flyway's message (the migration and the statement).
     */
    public static int migrate(String jdbcUrl, String user, String password, Path folder,
                              Map<String, String> environment) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("No migrations folder " + folder.toAbsolutePath());
        }
        Map<String, String> placeholders = placeholders(environment);
        for (String role : ROLES) {
            if (placeholders.get(role).equals(user)) {
                // The migrations make each of these a role without superuser rights: never the administrator.
                throw new IllegalArgumentException(role + " must name a role of its own, not the administrator "
                        + user + " the migrations run as");
            }
        }
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("filesystem:" + folder.toAbsolutePath())
                .javaMigrations(new IcebergCatalogMigration())
                .placeholders(placeholders)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                // The database may still be starting (Compose's health check passes a moment before logins do).
                .connectRetries(30)
                .load();
        try {
            MigrateResult result = flyway.migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new IllegalStateException("Migrating " + jdbcUrl + " failed: " + e.getMessage(), e);
        }
    }

    /** The placeholders for the SQL, each value checked or escaped for where it stands (see the class comment). */
    static Map<String, String> placeholders(Map<String, String> environment) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        SETTINGS.forEach((name, fallback) -> {
            String value = environment.getOrDefault(name, fallback);
            if (value == null) {
                throw new IllegalArgumentException("Set " + name + ": the PostgreSQL migrations need it");
            }
            if (name.endsWith("_PASSWORD")) {
                placeholders.put(name, value.replace("'", "''"));
            } else if (IDENTIFIER.matcher(value).matches()) {
                placeholders.put(name, value);
            } else {
                throw new IllegalArgumentException(name + " must be a lower-case PostgreSQL name (letters, digits, "
                        + "underscores; not starting with a digit), not '" + value + "'");
            }
        });
        return placeholders;
    }
}
