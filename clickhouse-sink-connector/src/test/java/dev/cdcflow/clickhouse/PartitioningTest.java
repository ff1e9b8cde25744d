package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * The versions of a key must share a partition: ReplacingMergeTree merges (and, on modern servers with
 * do_not_merge_across_partitions_select_final, FINAL) never cross partitions. Here a row's versions carry
 * _event_date on both sides of a month boundary, as FlattenChangeEvent's commit-time fallback gives them.
 */
@LocalStackTest
class PartitioningTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Schema ROW = SchemaBuilder.struct().name("months.Value")
            .field("id", Schema.INT64_SCHEMA).field("status", Schema.STRING_SCHEMA)
            .field("_version", Schema.INT64_SCHEMA).field("_is_deleted", Schema.INT8_SCHEMA)
            .field("_event_date", Date.SCHEMA).build();

    @Test
    void byDefaultTheVersionsOfAKeyAcrossAMonthBoundaryMergeIntoOne(LocalStack stack) {
        stack.kafka().produce("months.public.orders", List.of(
                version(1, "placed", 1, false, "2026-10-31"),
                version(1, "shipped", 2, false, "2026-11-01"),
                version(2, "placed", 3, false, "2026-10-31"),
                version(2, "placed", 4, true, "2026-11-01")));
        PlainSink.register(stack, "months-sink", "months\\.public\\.orders", "months");
        try {
            PlainSink.awaitRows(stack, "months.orders", 4);
            ClickHouseServer clickHouse = stack.clickHouse();
            assertThat(clickHouse.scalar("SELECT partition_key FROM system.tables WHERE database = 'months' "
                    + "AND name = 'orders'")).isEmpty();
            clickHouse.execute("OPTIMIZE TABLE months.orders FINAL");
            // Without FINAL: what the merge kept, one row per key, in its newest version.
            assertThat(clickHouse.rows("SELECT id, status, _version, _is_deleted FROM months.orders ORDER BY id"))
                    .containsExactly(List.of("1", "shipped", "2", "0"), List.of("2", "placed", "4", "1"));
        } finally {
            stack.connect().rest().deleteConnector("months-sink");
        }
    }

    @Test
    void aPartitionOverColumnsOutsideTheKeyIsRefusedAndOneOverTheKeyIsUsed(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().produce("bymonth.public.orders", List.of(version(1, "placed", 1, false, "2026-10-31")));
        stack.kafka().produce("bykey.public.orders", List.of(version(1, "placed", 1, false, "2026-10-31")));
        rest.putConnector(PlainSink.definition(stack, "bymonth-sink", "bymonth\\.public\\.orders", "bymonth")
                .with(Map.of("partition.by", "toYYYYMM(`_event_date`)")));
        rest.putConnector(PlainSink.definition(stack, "bykey-sink", "bykey\\.public\\.orders", "bykey")
                .with(Map.of("partition.by", "intDiv(`id`, 1000)")));
        try {
            assertThat(rest.awaitTaskFailure("bymonth-sink", TIMEOUT))
                    .contains("Cannot create table bymonth.orders partitioned by toYYYYMM(`_event_date`)")
                    .contains("[_event_date] not among the key columns [id]");
            PlainSink.awaitRows(stack, "bykey.orders", 1);
            assertThat(stack.clickHouse().scalar("SELECT partition_key FROM system.tables WHERE database = 'bykey' "
                    + "AND name = 'orders'")).isEqualTo("intDiv(id, 1000)");
        } finally {
            rest.deleteConnector("bymonth-sink");
            rest.deleteConnector("bykey-sink");
        }
    }

    private static Map.Entry<String, String> version(long id, String status, long version, boolean deleted,
                                                    String eventDate) {
        Struct row = new Struct(ROW).put("id", id).put("status", status).put("_version", version)
                .put("_is_deleted", (byte) (deleted ? 1 : 0))
                .put("_event_date", java.util.Date.from(LocalDate.parse(eventDate).atStartOfDay()
                        .toInstant(java.time.ZoneOffset.UTC)));
        return JsonRecords.keyed(id, ROW, row);
    }
}
