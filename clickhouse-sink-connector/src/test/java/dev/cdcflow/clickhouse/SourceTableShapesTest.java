package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tables as users have them, not as the storefront has them, through real Debezium events from the templates
 * (PostgreSQL → Debezium → FlattenChangeEvent and ValidateRow → this sink): the default replica identity, a changed
 * primary key, a TRUNCATE between writes, a partitioned table, two schemas with a table of the same name, a table
 * without a key. Each is compared value for value with PostgreSQL, and again in a second sink that replays every
 * topic from offset 0 in large batches (truncates and the rows around them in one flush).
 */
@LocalStackTest
class SourceTableShapesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PREFIX = "shapes";
    private static final String DATABASE = "shapes";
    private static final String REPLAY_DATABASE = "shapes_replay";

    @BeforeAll
    static void startCapture(LocalStack stack) {
        stack.postgres().execute(
                "CREATE SCHEMA sales",
                // The default replica identity: updates and deletes carry the key only as their before-image.
                "CREATE TABLE shape_defaults (id INT PRIMARY KEY, code TEXT NOT NULL, qty INT NOT NULL DEFAULT 3, "
                        + "note TEXT)",
                "CREATE TABLE shape_keys (id INT PRIMARY KEY, v TEXT)",
                "CREATE TABLE shape_truncated (id INT PRIMARY KEY, v TEXT)",
                "CREATE TABLE shape_parted (id INT, day DATE, v TEXT, PRIMARY KEY (id, day)) PARTITION BY RANGE (day)",
                "CREATE TABLE shape_parted_h1 PARTITION OF shape_parted FOR VALUES FROM ('2026-01-01') TO "
                        + "('2026-07-01')",
                "CREATE TABLE shape_parted_h2 PARTITION OF shape_parted FOR VALUES FROM ('2026-07-01') TO "
                        + "('2027-01-01')",
                "CREATE TABLE public.shape_orders (id INT PRIMARY KEY, v TEXT)",
                "CREATE TABLE sales.shape_orders (id INT PRIMARY KEY, v TEXT)",
                // PostgreSQL refuses updates of a keyless table in a publication unless its identity is FULL.
                "CREATE TABLE shape_keyless (a INT, b TEXT)",
                "ALTER TABLE shape_keyless REPLICA IDENTITY FULL",
                "INSERT INTO shape_defaults VALUES (1, 'kept', 4, 'a'), (2, 'gone', 5, 'b')",
                "INSERT INTO shape_truncated SELECT i, 'before ' || i FROM generate_series(1, 5) i");
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(DebeziumSource.capturing(stack, PREFIX, "public\\.shape_.*,sales\\.shape_.*"));
        rest.putConnector(sink(stack, PREFIX + "-clickhouse", DATABASE, "1000"));
        rest.awaitRunning(PREFIX + "-debezium", 1, TIMEOUT);
        rest.awaitRunning(PREFIX + "-clickhouse", 1, TIMEOUT);
        Await.until("the snapshot in ClickHouse", TIMEOUT, () -> count(stack, DATABASE, "public_shape_truncated") == 5
                && count(stack, DATABASE, "public_shape_defaults") == 2);
    }

    @Test
    void updatesAndDeletesUnderTheDefaultReplicaIdentityPassTheRulesTheirKeyOnlyBeforeImagesWouldBreak(
            LocalStack stack) {
        stack.postgres().execute("UPDATE shape_defaults SET note = 'changed' WHERE id = 1",
                "DELETE FROM shape_defaults WHERE id = 2",
                "INSERT INTO shape_defaults VALUES (3, 'new', 6, NULL)");

        awaitSame(stack, "shape_defaults", "public_shape_defaults", "id, code, qty, note");
    }

    @Test
    void changedPrimaryKeyDeletesTheOldKeyAndWritesTheNew(LocalStack stack) {
        stack.postgres().execute("INSERT INTO shape_keys VALUES (1, 'one'), (2, 'two')",
                "UPDATE shape_keys SET id = 10 WHERE id = 1",
                "UPDATE shape_keys SET id = 20, v = 'two, moved' WHERE id = 2");

        awaitSame(stack, "shape_keys", "public_shape_keys", "id, v");
        assertThat(rows(stack, DATABASE, "public_shape_keys", "id, v")).containsExactly(List.of("10", "one"),
                List.of("20", "two, moved"));
    }

    @Test
    void truncateEmptiesTheTableAndKeepsTheRowsWrittenAfterIt(LocalStack stack) {
        stack.postgres().execute("UPDATE shape_truncated SET v = 'updated' WHERE id = 2",
                "TRUNCATE shape_truncated",
                "INSERT INTO shape_truncated VALUES (3, 'after'), (9, 'after')");
        // A truncate and a row in one transaction: the row stays.
        stack.postgres().execute("BEGIN; TRUNCATE shape_truncated; INSERT INTO shape_truncated VALUES (7, 'same "
                + "transaction'); COMMIT");

        awaitSame(stack, "shape_truncated", "public_shape_truncated", "id, v");
        assertThat(rows(stack, DATABASE, "public_shape_truncated", "id, v"))
                .containsExactly(List.of("7", "same transaction"));
    }

    @Test
    void partitionedTableIsOneTableUnderItsRootsName(LocalStack stack) {
        stack.postgres().execute("INSERT INTO shape_parted VALUES (1, '2026-02-01', 'first half'), "
                + "(2, '2026-08-01', 'second half')", "UPDATE shape_parted SET v = 'moved' WHERE id = 1");

        awaitSame(stack, "shape_parted", "public_shape_parted", "id, day, v");
        assertThat(stack.kafka().topics()).contains(PREFIX + ".public.shape_parted")
                .noneMatch(topic -> topic.contains("shape_parted_h"));
    }

    @Test
    void tablesOfTheSameNameInTwoSchemasGetATableEach(LocalStack stack) {
        stack.postgres().execute("INSERT INTO public.shape_orders VALUES (1, 'public one'), (2, 'public two')",
                "INSERT INTO sales.shape_orders VALUES (1, 'sales one')");

        awaitSame(stack, "public.shape_orders", "public_shape_orders", "id, v");
        awaitSame(stack, "sales.shape_orders", "sales_shape_orders", "id, v");
    }

    @Test
    void keylessTableIsRefusedNamingItAndItsRowsLandInRejectedRows(LocalStack stack) {
        stack.postgres().execute("INSERT INTO shape_keyless VALUES (1, 'x')", "UPDATE shape_keyless SET b = 'y'");

        Await.until("the keyless table's rows in rejected_rows", TIMEOUT,
                () -> rejections(stack, "shape_keyless").size() == 2);
        assertThat(rejections(stack, "shape_keyless")).allMatch(message -> message.contains("public_shape_keyless")
                && message.contains("message.key.columns"));
        assertThat(stack.connect().rest().status(PREFIX + "-clickhouse").path("tasks").get(0).path("state")
                .asText()).isEqualTo("RUNNING");
    }

    @AfterAll
    static void replayFromOffsetZeroGivesTheSameTables(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        try {
            rest.putConnector(sink(stack, PREFIX + "-replay", REPLAY_DATABASE, "60000"));
            for (String[] table : new String[][] {{"shape_defaults", "public_shape_defaults", "id, code, qty, note"},
                {"shape_keys", "public_shape_keys", "id, v"}, {"shape_truncated", "public_shape_truncated", "id, v"},
                {"shape_parted", "public_shape_parted", "id, day, v"},
                {"sales.shape_orders", "sales_shape_orders", "id, v"}}) {
                Await.until("the replay of " + table[0], TIMEOUT, () -> postgres(stack, table[0], table[2])
                        .equals(rows(stack, REPLAY_DATABASE, table[1], table[2])));
            }
        } finally {
            rest.deleteConnector(PREFIX + "-replay");
            rest.deleteConnector(PREFIX + "-clickhouse");
            rest.deleteConnector(PREFIX + "-debezium");
        }
    }

    /** The sink from its template, with a rule the key-only before-image of a delete breaks. */
    private static ConnectorDefinition sink(LocalStack stack, String name, String database, String waitMs) {
        return DebeziumSource.clickHouseSink(stack, name, PREFIX + "\\.(public|sales)\\..*", database, waitMs)
                .with(Map.of("transforms.validate.rules", "shape_defaults.code pattern [a-z]+",
                "table.name.format", "${schema}_${table}",
                "errors.tolerance", "all", "errors.deadletterqueue.topic.name", name + "-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1"));
    }

    private static void awaitSame(LocalStack stack, String postgresTable, String clickHouseTable, String columns) {
        SourceComparison.awaitSame(stack, postgresTable, DATABASE, clickHouseTable, columns);
    }

    private static List<List<String>> rows(LocalStack stack, String database, String table, String columns) {
        return SourceComparison.clickHouse(stack, database, table, columns);
    }

    private static List<List<String>> postgres(LocalStack stack, String table, String columns) {
        return SourceComparison.postgres(stack, table, columns);
    }

    private static long count(LocalStack stack, String database, String table) {
        return rows(stack, database, table, "id").size();
    }

    private static List<String> rejections(LocalStack stack, String table) {
        try {
            return stack.clickHouse().rows("SELECT message FROM " + DATABASE + ".rejected_rows FINAL WHERE topic = '"
                    + PREFIX + ".public." + table + "'").stream().map(row -> row.get(0)).toList();
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }
}
