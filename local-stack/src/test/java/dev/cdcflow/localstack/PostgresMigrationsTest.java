package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.connectinit.PostgresMigrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * connect-init's migrations of sql/postgres/, on the local stack's PostgreSQL: a new database gets the storefront's
 * schema, roles, publication and the Iceberg catalog's database; a database made before migrations (as the old
 * first-start files left it: the schema and nothing else) is brought up to date; running them again changes nothing.
 */
@LocalStackTest
class PostgresMigrationsTest {

    private static final Path MIGRATIONS = LocalStack.repositoryDir().resolve("sql/postgres");

    @Test
    void aNewDatabaseGetsEverythingAndASecondRunNothing(LocalStack stack) {
        PostgresServer postgres = stack.postgres();
        postgres.execute("CREATE DATABASE migrations_new");

        assertThat(migrate(postgres, "migrations_new")).isEqualTo(6);
        assertMigrated(postgres, "migrations_new");
        assertThat(migrate(postgres, "migrations_new")).isZero();
    }

    @Test
    void aDatabaseFromBeforeMigrationsIsBroughtUpToDate(LocalStack stack) throws IOException {
        PostgresServer postgres = stack.postgres();
        postgres.execute("CREATE DATABASE migrations_old");
        // What PostgreSQL's image left on a volume made before the later files: the storefront schema alone.
        String schema = Files.readString(MIGRATIONS.resolve("V1__storefront_schema.sql"));
        postgres.queryIn("migrations_old", "SELECT 1");
        execute(postgres, "migrations_old", schema);
        execute(postgres, "migrations_old", "INSERT INTO customers VALUES (1, 'a@b.c', 'A', 'B', NULL, 'DE', now(), "
                + "now())");

        assertThat(migrate(postgres, "migrations_old")).isEqualTo(6);
        assertMigrated(postgres, "migrations_old");
        assertThat(postgres.queryIn("migrations_old", "SELECT email FROM customers")).containsExactly(List.of("a@b.c"));
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PostgresMigrations.migrate("jdbc:postgresql://127.0.0.1:1/x", "u", "p", MIGRATIONS,
                Map.of("DEBEZIUM_DB_USER", "debezium\"; DROP TABLE customers; --", "DEBEZIUM_DB_PASSWORD", "x",
                        "SEEDER_DB_PASSWORD", "x", "ICEBERG_CATALOG_PASSWORD", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("DEBEZIUM_DB_USER must be");
        assertThatThrownBy(() -> PostgresMigrations.migrate("jdbc:postgresql://127.0.0.1:1/x", "u", "p", MIGRATIONS,
                Map.of("DEBEZIUM_DB_PASSWORD", "x", "ICEBERG_CATALOG_PASSWORD", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Set SEEDER_DB_PASSWORD: the PostgreSQL "
                        + "migrations need it");
        // The migrations take a role's superuser rights away: the administrator is refused as one of them.
        assertThatThrownBy(() -> PostgresMigrations.migrate("jdbc:postgresql://127.0.0.1:1/x", "postgres", "p",
                MIGRATIONS, Map.of("SEEDER_DB_USER", "postgres", "DEBEZIUM_DB_PASSWORD", "x", "SEEDER_DB_PASSWORD",
                        "x", "ICEBERG_CATALOG_PASSWORD", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("SEEDER_DB_USER must name a role of its "
                        + "own, not the administrator postgres the migrations run as");
    }

    private static int migrate(PostgresServer postgres, String database) {
        return PostgresMigrations.migrate(postgres.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD,
                MIGRATIONS, Map.of("POSTGRES_DB", database, "ICEBERG_CATALOG_DB", database + "_catalog",
                        "DEBEZIUM_PUBLICATION", database + "_publication",
                        // A quote in a password is a literal's character, not the end of the statement.
                        "DEBEZIUM_DB_PASSWORD", "it's secret", "SEEDER_DB_PASSWORD", "seeder",
                        "ICEBERG_CATALOG_PASSWORD", "catalog"));
    }

    private static void assertMigrated(PostgresServer postgres, String database) {
        assertThat(postgres.queryIn(database, "SELECT DISTINCT tableowner FROM pg_tables WHERE tablename IN "
                + "('customers', 'products', 'orders', 'order_items', 'seeder_progress')"))
                .containsExactly(List.of("seeder"));
        assertThat(postgres.queryIn(database, "SELECT tablename FROM pg_publication_tables WHERE pubname = '"
                + database + "_publication' ORDER BY tablename")).containsExactly(
                List.of("cdcflow_column_changes"), List.of("customers"), List.of("order_items"), List.of("orders"),
                List.of("products"));
        assertThat(postgres.queryIn(database, "SELECT evtname FROM pg_event_trigger")).contains(
                List.of("cdcflow_column_changes"));
        assertThat(postgres.queryIn(database, "SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = "
                + "'debezium'")).containsExactly(List.of("t", "f"));
        assertThat(postgres.queryIn(database, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '"
                + database + "_catalog'")).containsExactly(List.of("iceberg_catalog"));
        assertThat(postgres.queryIn(database, "SELECT version FROM cdcflow_schema_history WHERE success "
                + "AND version IS NOT NULL ORDER BY installed_rank")).contains(List.of("1"), List.of("2"),
                List.of("3"), List.of("4"), List.of("5"), List.of("6"));
        assertThat(postgres.queryIn(database, "SELECT pubviaroot FROM pg_publication WHERE pubname = '" + database
                + "_publication'")).containsExactly(List.of("t"));
    }

    private static void execute(PostgresServer postgres, String database, String sql) {
        try (var connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(database), PostgresServer.USER,
                PostgresServer.PASSWORD); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
