package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.cdcflow.clickhouse.ClickHouseClients;
import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rejected_rows table the sink creates when it is missing is the one sql/clickhouse/01-storefront.sql creates for
 * the Compose stack: same columns and types, same engine, partitioning and sorting key, so rows from either fit.
 */
@LocalStackTest
class RejectedRowsDdlTest {

    @Test
    void theSinksTableIsTheComposeScriptsTable(LocalStack stack) {
        stack.clickHouse().runScript(LocalStack.repositoryDir().resolve("sql/clickhouse/01-storefront.sql"));
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(Map.of(
                ClickHouseSinkConfig.URL_CONFIG, stack.clickHouse().httpUrl(),
                ClickHouseSinkConfig.DATABASE_CONFIG, "rejected_ddl"));
        try (Client client = ClickHouseClients.create(config)) {
            ClickHouseSql sql = new ClickHouseSql(client, 30_000);
            sql.execute("CREATE DATABASE IF NOT EXISTS rejected_ddl");
            new RejectedRowsTable(sql, "rejected_ddl", "rejected_rows", "ddl-test", 30_000).insert(List.of(
                    new RejectedRowsTable.Problem("t", 0, 1, null, "c", "e", "CODE", null, "m", 0, null)));
        }

        assertThat(describe(stack, "rejected_ddl")).isEqualTo(describe(stack, "storefront")).isNotEmpty();
        assertThat(stack.clickHouse().rows("SELECT count() FROM rejected_ddl.rejected_rows"))
                .containsExactly(List.of("1"));
    }

    @Test
    void aTableOfAnEarlierVersionGetsTheJobColumns(LocalStack stack) {
        stack.clickHouse().execute("CREATE DATABASE IF NOT EXISTS rejected_v1");
        stack.clickHouse().execute("CREATE TABLE IF NOT EXISTS rejected_v1.rejected_rows (connector String, "
                + "topic String, partition Int32, offset Int64, row_key Nullable(String), column String, "
                + "expected String, error_code String, observed Nullable(String), message String, "
                + "rejected_at DateTime, "
                + "payload Nullable(String)) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(rejected_at) "
                + "ORDER BY (connector, topic, partition, offset, column, error_code)");
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(Map.of(
                ClickHouseSinkConfig.URL_CONFIG, stack.clickHouse().httpUrl(),
                ClickHouseSinkConfig.DATABASE_CONFIG, "rejected_v1"));
        try (Client client = ClickHouseClients.create(config)) {
            ClickHouseSql sql = new ClickHouseSql(client, 30_000);
            new RejectedRowsTable(sql, "rejected_v1", "rejected_rows", "ddl-test", 30_000).insert(List.of(
                    new RejectedRowsTable.Problem("t", 0, 7, null, "amount", "Float64", "TYPE_MISMATCH", "x", "m", 0,
                            null, new RejectedRowsTable.JobRow("job-1", 3L, "e-3"))));
        }

        assertThat(stack.clickHouse().rows("SELECT offset, job_id, row_number, event_id "
                + "FROM rejected_v1.rejected_rows")).containsExactly(List.of("7", "job-1", "3", "e-3"));
    }

    /**
     * A batch job's rejected row sent again by its source (no exactly-once support) arrives at a new Kafka position:
     * its job and row number make it the same row. A Kafka record's rejection keeps its position as identity.
     */
    @Test
    void aJobRowReplayedAtANewPositionIsOneRowAfterFinal(LocalStack stack) {
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(Map.of(
                ClickHouseSinkConfig.URL_CONFIG, stack.clickHouse().httpUrl(),
                ClickHouseSinkConfig.DATABASE_CONFIG, "rejected_replay"));
        try (Client client = ClickHouseClients.create(config)) {
            ClickHouseSql sql = new ClickHouseSql(client, 30_000);
            sql.execute("CREATE DATABASE IF NOT EXISTS rejected_replay");
            RejectedRowsTable table = new RejectedRowsTable(sql, "rejected_replay", "rejected_rows", "replay-test",
                    30_000);
            RejectedRowsTable.JobRow row = new RejectedRowsTable.JobRow("job-7", 12L, "e-12");
            for (int copy = 0; copy < 2; copy++) {
                table.insert(List.of(
                        new RejectedRowsTable.Problem("batch.rejected", copy, 100 + copy, null, "amount", "Float64",
                                "TYPE_MISMATCH", "x", "m", 0, null, row),
                        new RejectedRowsTable.Problem("batch.rejected", copy, 100 + copy, null, "day", "Date",
                                "REQUIRED_MISSING", null, "m", 0, null, row),
                        new RejectedRowsTable.Problem("orders", 0, 500 + copy, null, "email", "pattern",
                                "PATTERN_MISMATCH", "y", "m", 0, null)));
            }
        }

        assertThat(stack.clickHouse().rows("SELECT job_id, row_number, column FROM rejected_replay.rejected_rows "
                + "FINAL WHERE job_id = 'job-7' ORDER BY column")).containsExactly(
                        List.of("job-7", "12", "amount"), List.of("job-7", "12", "day"));
        assertThat(stack.clickHouse().rows("SELECT offset FROM rejected_replay.rejected_rows FINAL "
                + "WHERE topic = 'orders' ORDER BY offset")).containsExactly(List.of("500"), List.of("501"));
    }

    private static List<List<String>> describe(LocalStack stack, String database) {
        List<List<String>> description = new ArrayList<>(stack.clickHouse().rows(
                "SELECT name, type FROM system.columns WHERE database = '" + database
                        + "' AND table = 'rejected_rows'"));
        description.addAll(stack.clickHouse().rows("SELECT engine, partition_key, sorting_key FROM system.tables "
                + "WHERE database = '" + database + "' AND name = 'rejected_rows'"));
        return description;
    }
}
