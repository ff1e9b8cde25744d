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

    private static List<List<String>> describe(LocalStack stack, String database) {
        List<List<String>> description = new ArrayList<>(stack.clickHouse().rows(
                "SELECT name, type FROM system.columns WHERE database = '" + database
                        + "' AND table = 'rejected_rows'"));
        description.addAll(stack.clickHouse().rows("SELECT engine, partition_key, sorting_key FROM system.tables "
                + "WHERE database = '" + database + "' AND name = 'rejected_rows'"));
        return description;
    }
}
