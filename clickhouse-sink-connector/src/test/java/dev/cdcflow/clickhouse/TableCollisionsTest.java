package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * Two databases' topics with one table name (a.public.orders, b.public.orders) must not mix in one table, where rows
 * of one would replace the other's: with a topics list the connector is refused at validation, naming both topics;
 * with topics.regex the topic that wrote the table first keeps it and the other's records are refused, also by tasks
 * of another connector.
 */
@LocalStackTest
class TableCollisionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Schema ROW = SchemaBuilder.struct().name("orders.Value").field("id", Schema.INT64_SCHEMA)
            .field("source", Schema.STRING_SCHEMA).field("_version", Schema.INT64_SCHEMA).build();

    @Test
    void aTopicsListMeetingInOneTableIsRefusedAtValidation(LocalStack stack) {
        Map<String, String> config = Map.of("name", "clash-check", "connector.class",
                ClickHouseSinkConnector.class.getName(), "topics", "a.public.orders,b.public.orders",
                "clickhouse.url", stack.clickHouse().httpUrl());
        JsonNode refused = stack.connect().rest().validate(ClickHouseSinkConnector.class.getName(), config);
        assertThat(refused.path("error_count").asInt()).isEqualTo(1);
        assertThat(refused.toString()).contains("Topics a.public.orders and b.public.orders would both write "
                + "table default.orders (table.name.format=${table})");

        JsonNode apart = stack.connect().rest().validate(ClickHouseSinkConnector.class.getName(),
                with(config, "table.name.format", "${topic}"));
        assertThat(apart.path("error_count").asInt()).isZero();
    }

    @Test
    void theFirstTopicKeepsTheTableAndTheOtherIsRefusedNamingBoth(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().produce("clash_a.public.orders", List.of(row(1, "a"), row(2, "a")));
        rest.putConnector(PlainSink.definition(stack, "clash-sink", "clash_a\\.public\\.orders", "clash")
                .with(Map.of("errors.tolerance", "all")));
        try {
            PlainSink.awaitRows(stack, "clash.orders", 2);
            // Another connector, over both topics: the table is a's, so b's records are rejected.
            stack.kafka().produce("clash_b.public.orders", List.of(row(1, "b"), row(3, "b")));
            stack.kafka().produce("clash_a.public.orders", List.of(row(4, "a")));
            rest.putConnector(PlainSink.definition(stack, "clash-both-sink", "clash_.\\.public\\.orders", "clash")
                    .with(Map.of("errors.tolerance", "all")));
            Await.until("b's two records rejected", TIMEOUT, () -> rejected(stack).size() == 2);
            PlainSink.awaitRows(stack, "clash.orders FINAL", 3);

            assertThat(stack.clickHouse().rows("SELECT id, source FROM clash.orders FINAL ORDER BY id"))
                    .containsExactly(List.of("1", "a"), List.of("2", "a"), List.of("4", "a"));
            assertThat(rejected(stack)).allSatisfy(message -> assertThat(message)
                    .contains("Table clash.orders belongs to topic clash_a.public.orders, and topic "
                            + "clash_b.public.orders maps to it too"));
            assertThat(rest.status("clash-both-sink").path("tasks").get(0).path("state").asText())
                    .isEqualTo("RUNNING");
        } finally {
            rest.deleteConnector("clash-sink");
            rest.deleteConnector("clash-both-sink");
        }
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> changed = new HashMap<>(config);
        changed.put(key, value);
        return changed;
    }

    private static Map.Entry<String, String> row(long id, String source) {
        return JsonRecords.keyed(id, ROW,
                new Struct(ROW).put("id", id).put("source", source).put("_version", 1L));
    }

    private static List<String> rejected(LocalStack stack) {
        try {
            return stack.clickHouse().rows("SELECT message FROM clash.rejected_rows FINAL ORDER BY offset").stream()
                    .map(row -> row.get(0)).toList();
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }
}
