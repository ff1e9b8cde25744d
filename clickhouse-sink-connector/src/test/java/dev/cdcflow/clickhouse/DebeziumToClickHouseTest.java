package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL → Debezium → FlattenChangeEvent → this sink → ClickHouse, all in one worker: the table follows the
 * source, including a column added in PostgreSQL (auto-evolve).
 */
@LocalStackTest
class DebeziumToClickHouseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void tableFollowsTheSourceIncludingANewColumn(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.postgres().execute(
                "CREATE TABLE e2e_products (id BIGINT PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(10,2), "
                        + "created_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                "ALTER TABLE e2e_products REPLICA IDENTITY FULL",
                "INSERT INTO e2e_products (id, name, price) VALUES (1, 'kettle', 30.00), (2, 'lamp', 45.50)");
        rest.putConnector(DebeziumSource.definition(stack, "e2e", "e2e_products"));
        rest.putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", "e2e-clickhouse", "CLICKHOUSE_SINK_TOPICS_REGEX", "e2e\\.public\\..*",
                "CLICKHOUSE_DATABASE", "e2e", "FLATTEN_EVENT_DATE_FIELDS", "created_at")));
        rest.awaitRunning("e2e-debezium", 1, TIMEOUT);
        rest.awaitRunning("e2e-clickhouse", 1, TIMEOUT);
        Await.until("the snapshot in ClickHouse", TIMEOUT, () -> current(stack).size() == 2);

        stack.postgres().execute(
                "UPDATE e2e_products SET price = 32.00 WHERE id = 1",
                "DELETE FROM e2e_products WHERE id = 2",
                "INSERT INTO e2e_products (id, name, price) VALUES (3, 'chair', 80.00)",
                "ALTER TABLE e2e_products ADD COLUMN colour TEXT",
                "INSERT INTO e2e_products (id, name, price, colour) VALUES (4, 'mug', 8.00, 'teal')");

        Await.until("the changes in ClickHouse", TIMEOUT, () -> current(stack).size() == 3
                && current(stack).get(2).size() == 4);
        assertThat(current(stack)).containsExactly(
                List.of("1", "kettle", "32.00", "\\N"),
                List.of("3", "chair", "80.00", "\\N"),
                List.of("4", "mug", "8.00", "teal"));
        assertThat(stack.clickHouse().scalar("SELECT type FROM system.columns WHERE database = 'e2e' "
                + "AND table = 'e2e_products' AND name = 'colour'")).isEqualTo("Nullable(String)");
    }

    @AfterAll
    static void removeConnectors(LocalStack stack) {
        stack.connect().rest().deleteConnector("e2e-clickhouse");
        stack.connect().rest().deleteConnector("e2e-debezium");
    }

    /** The current state: newest version per key, deletes applied; the colour column once it exists. */
    private static List<List<String>> current(LocalStack stack) {
        try {
            boolean hasColour = "1".equals(stack.clickHouse().scalar("SELECT count() FROM system.columns WHERE "
                    + "database = 'e2e' AND table = 'e2e_products' AND name = 'colour'"));
            return stack.clickHouse().rows("SELECT id, name, price" + (hasColour ? ", colour" : "")
                    + " FROM e2e.e2e_products FINAL WHERE _is_deleted = 0 ORDER BY id");
        } catch (IllegalStateException noTableYet) {
            return List.of();
        }
    }
}
