package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import dev.cdcflow.clickhouse.schema.TableDdl;
import dev.cdcflow.clickhouse.schema.TypeMapper;
import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/** The DDL and identifier quoting the sink generates, run on the real ClickHouse server of the local stack. */
@LocalStackTest
class GeneratedDdlOnServerTest {

    @Test
    void awkwardNamesAndReplacingMergeTreeWorkOnTheServer(LocalStack stack) {
        ClickHouseServer clickHouse = stack.clickHouse();
        ServerCapabilities capabilities = ServerCapabilities.of(ServerVersion.parse(clickHouse.version()));
        TypeMapper types = new TypeMapper(capabilities);
        String database = "shop-db.v1";
        String table = "order.items-`2026`";
        List<TableDdl.Column> columns = List.of(
                new TableDdl.Column("id", types.columnType(Schema.INT64_SCHEMA).ddl()),
                new TableDdl.Column("select", types.columnType(Schema.OPTIONAL_STRING_SCHEMA).ddl()),
                new TableDdl.Column("größe", types.columnType(Decimal.builder(2).optional().build()).ddl()),
                new TableDdl.Column("placed at", types.columnType(Timestamp.SCHEMA).ddl()),
                new TableDdl.Column("_version", "UInt64"),
                new TableDdl.Column("_is_deleted", "UInt8"),
                new TableDdl.Column("_event_date", "Date"));
        TableDdl.TableLayout layout = new TableDdl.TableLayout(database, table, columns, List.of("id"), "_version",
                "_is_deleted", "toYYYYMM(" + Identifiers.quote("_event_date") + ")");

        clickHouse.execute("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(database));
        clickHouse.execute(TableDdl.createTable(layout, capabilities));
        clickHouse.execute(TableDdl.createTable(layout, capabilities));
        String qualified = Identifiers.qualified(database, table);
        clickHouse.execute("INSERT INTO " + qualified + " VALUES (1, 'a', 1.50, 1700000000123, 1, 0, '2026-01-02'),"
                + " (1, 'b', 2.50, 1700000000456, 3, 0, '2026-01-02'), (1, 'stale', 9.99, 1, 2, 0, '2026-01-02')");
        clickHouse.execute(TableDdl.addColumn(database, table, new TableDdl.Column("new-col", "Nullable(String)"),
                null));

        assertThat(clickHouse.rows("SELECT id, " + Identifiers.quote("select") + ", " + Identifiers.quote("größe")
                + ", " + Identifiers.quote("placed at") + ", " + Identifiers.quote("new-col") + " FROM " + qualified
                + " FINAL")).containsExactly(List.of("1", "b", "2.50", "1700000000456", "\\N"));
        assertThat(clickHouse.scalar("SELECT engine_full FROM system.tables WHERE database = "
                + Identifiers.literal(database) + " AND name = " + Identifiers.literal(table)))
                .startsWith(capabilities.replacingIsDeleted() ? "ReplacingMergeTree(_version, _is_deleted)"
                        : "ReplacingMergeTree(_version)");
    }
}
