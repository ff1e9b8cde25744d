package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Columns added (with defaults), widened, renamed and dropped in PostgreSQL while rows are written, through real
 * Debezium events from the templates, with the column-change capture of sql/postgres/V6__column_changes_capture.sql
 * routed in order with the rows (RouteColumnChanges in the Debezium template). After each change ClickHouse holds,
 * under PostgreSQL's current column names, the values PostgreSQL has, for rows written before and after it; and a
 * second sink replaying the topic from offset 0 in one flush ends with the same table.
 */
@LocalStackTest
class SourceSchemaChangesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PREFIX = "evolve";
    private static final String TABLE = "evolving";

    @Test
    void addedWidenedRenamedAndDroppedColumnsMatchPostgresBeforeAndAfterAndOnReplay(LocalStack stack)
            throws IOException {
        String capture = Files.readString(LocalStack.repositoryDir().resolve(
                "sql/postgres/V6__column_changes_capture.sql"));
        // The part that needs Debezium's own role and publication is left out: the test's Debezium makes its own.
        stack.postgres().execute(capture.substring(0, capture.indexOf("-- Debezium reads the changes")));
        stack.postgres().execute("CREATE TABLE evolving (id INT PRIMARY KEY, a INT, b TEXT, c INT)",
                "INSERT INTO evolving VALUES (1, 1, 'one', 100), (2, 2, 'two', 200), (3, 3, 'three', 300)");
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(DebeziumSource.capturing(stack, PREFIX, "public\\.evolving,public\\.cdcflow_column_changes"));
        rest.putConnector(sink(stack, PREFIX + "-clickhouse", "evolve", "200"));
        try {
            SourceComparison.awaitSame(stack, TABLE, "evolve", TABLE, "id, a, b, c");

            stack.postgres().execute("ALTER TABLE evolving ADD COLUMN d TEXT DEFAULT 'dflt', "
                    + "ADD COLUMN e INT NOT NULL DEFAULT 7",
                    "INSERT INTO evolving VALUES (4, 4, 'four', 400, 'given', 8)",
                    "UPDATE evolving SET a = 11 WHERE id = 1");
            SourceComparison.awaitSame(stack, TABLE, "evolve", TABLE, "id, a, b, c, d, e");

            stack.postgres().execute("ALTER TABLE evolving ALTER COLUMN a TYPE BIGINT",
                    "UPDATE evolving SET a = 1099511627776 WHERE id = 2");
            SourceComparison.awaitSame(stack, TABLE, "evolve", TABLE, "id, a, b, c, d, e");

            stack.postgres().execute("ALTER TABLE evolving RENAME COLUMN b TO b2",
                    "UPDATE evolving SET c = 30 WHERE id = 3",
                    "INSERT INTO evolving VALUES (5, 5, 'five', 500, 'x', 9)");
            SourceComparison.awaitSame(stack, TABLE, "evolve", TABLE, "id, a, b2, c, d, e");

            stack.postgres().execute("ALTER TABLE evolving DROP COLUMN c",
                    "INSERT INTO evolving VALUES (6, 6, 'six', 'y', 10)",
                    "UPDATE evolving SET d = 'changed' WHERE id = 4");
            SourceComparison.awaitSame(stack, TABLE, "evolve", TABLE, "id, a, b2, d, e");
            assertThat(stack.kafka().topics()).as("column changes go to the table's own topic")
                    .doesNotContain(PREFIX + ".public.cdcflow_column_changes");

            rest.putConnector(sink(stack, PREFIX + "-replay", "evolve_replay", "60000"));
            SourceComparison.awaitSame(stack, TABLE, "evolve_replay", TABLE, "id, a, b2, d, e");
        } finally {
            rest.deleteConnector(PREFIX + "-replay");
            rest.deleteConnector(PREFIX + "-clickhouse");
            rest.deleteConnector(PREFIX + "-debezium");
        }
    }

    private static ConnectorDefinition sink(LocalStack stack, String name, String database, String waitMs) {
        return DebeziumSource.clickHouseSink(stack, name, PREFIX + "\\.public\\..*", database, waitMs);
    }
}
