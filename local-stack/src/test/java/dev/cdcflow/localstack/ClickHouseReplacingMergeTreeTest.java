package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The private ClickHouse answers, and client-v2 RowBinary inserts into a ReplacingMergeTree keep the newest row. */
@LocalStackTest
class ClickHouseReplacingMergeTreeTest {

    private static final String DATABASE = "ground";
    private static final TableSchema SCHEMA = new TableSchema("versions", null, DATABASE, List.of(
            ClickHouseColumn.of("id", "UInt32"),
            ClickHouseColumn.of("name", "String"),
            ClickHouseColumn.of("_version", "UInt64")));

    @Test
    void newestVersionWinsUnderFinal(LocalStack stack) throws Exception {
        ClickHouseServer clickHouse = stack.clickHouse();
        assertThat(clickHouse.version()).matches("\\d+\\.\\d+.*");
        clickHouse.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        clickHouse.execute("CREATE TABLE " + DATABASE + ".versions (id UInt32, name String, _version UInt64) "
                + "ENGINE = ReplacingMergeTree(_version) ORDER BY id");

        try (Client client = new Client.Builder()
                .addEndpoint(clickHouse.httpUrl())
                .setUsername(ClickHouseServer.USER)
                .setPassword("")
                // With response compression on, 18.16 answers with an empty 200 body.
                .compressServerResponse(false)
                .serverSetting("database", DATABASE)
                .build()) {
            insert(client, new Object[][] {{1L, "first", 1L}, {2L, "only", 1L}});
            // Out of order on purpose: version 3 must win over the later-arriving version 2.
            insert(client, new Object[][] {{1L, "newest", 3L}, {1L, "stale", 2L}});
        }

        assertThat(clickHouse.scalar("SELECT count() FROM ground.versions")).isEqualTo("4");
        assertThat(clickHouse.rows("SELECT id, name, _version FROM ground.versions FINAL ORDER BY id"))
                .containsExactly(List.of("1", "newest", "3"), List.of("2", "only", "1"));
    }

    private static void insert(Client client, Object[][] rows) throws Exception {
        client.insert(SCHEMA.getTableName(), out -> {
            RowBinaryFormatWriter writer = new RowBinaryFormatWriter(out, SCHEMA, ClickHouseFormat.RowBinary);
            for (Object[] row : rows) {
                writer.setValue("id", row[0]);
                writer.setString("name", (String) row[1]);
                writer.setValue("_version", row[2]);
                writer.commitRow();
            }
        }, ClickHouseFormat.RowBinary, new InsertSettings()).get(30, TimeUnit.SECONDS).close();
    }
}
