package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sink in a real worker writing into the real ClickHouse: auto-create, upserts, deletes, stored offsets. */
@LocalStackTest
class ClickHouseSinkTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY_SCHEMA = "{\"type\":\"struct\",\"name\":\"k\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]}";
    private static final String VALUE_SCHEMA = "{\"type\":\"struct\",\"name\":\"items.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"name\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"price\",\"type\":\"bytes\",\"optional\":true,"
            + "\"name\":\"org.apache.kafka.connect.data.Decimal\","
            + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"}},"
            + "{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"_is_deleted\",\"type\":\"int8\",\"optional\":false},"
            + "{\"field\":\"_event_date\",\"type\":\"int32\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Date\"}]}";

    @Test
    void upsertsAndDeletesLandInAnAutoCreatedReplacingMergeTree(LocalStack stack) {
        String topic = "sinktest.public.items";
        stack.kafka().createTopic(topic, 2);
        stack.kafka().produce(topic, List.of(
                row(1, "apple", "1.50", 10, 0), row(2, "pear", "2.00", 11, 0), row(3, "plum", "0.99", 12, 0),
                row(1, "apple", "1.75", 20, 0), row(2, "pear", "2.00", 21, 1), row(1, "apple", "1.60", 15, 0)));

        ConnectorDefinition sink = stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", "sink-items", "CLICKHOUSE_SINK_TOPICS_REGEX", "sinktest\\.public\\.items",
                "CLICKHOUSE_DATABASE", "sinktest")).with(Map.of("transforms", ""));
        stack.connect().rest().putConnector(sink);
        stack.connect().rest().awaitRunning("sink-items", 1, TIMEOUT);

        Await.until("6 rows in sinktest.items", TIMEOUT, () -> "6".equals(count(stack, "sinktest.items")));
        assertThat(stack.clickHouse().rows("SELECT id, name, price, _version FROM sinktest.items FINAL "
                + "WHERE _is_deleted = 0 ORDER BY id")).containsExactly(
                List.of("1", "apple", "1.75", "20"), List.of("3", "plum", "0.99", "12"));
        assertThat(stack.clickHouse().scalar("SELECT engine FROM system.tables WHERE database = 'sinktest' "
                + "AND name = 'items'")).isEqualTo("ReplacingMergeTree");
        Await.until("offsets of both partitions stored", TIMEOUT, () -> stack.clickHouse().rows(
                "SELECT topic, partition, max(offset) FROM sinktest._cdcflow_offsets WHERE connector = 'sink-items' "
                        + "GROUP BY topic, partition").size() == 2);
        stack.connect().rest().deleteConnector("sink-items");
    }

    private static String count(LocalStack stack, String table) {
        try {
            return stack.clickHouse().scalar("SELECT count() FROM " + table);
        } catch (IllegalStateException noTableYet) {
            return "0";
        }
    }

    private static Map.Entry<String, String> row(long id, String name, String price, long version, int deleted) {
        String priceBase64 = Base64.getEncoder().encodeToString(new BigDecimal(price).unscaledValue().toByteArray());
        String key = "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + id + "}}";
        String value = "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":{\"id\":" + id + ",\"name\":\"" + name
                + "\",\"price\":\"" + priceBase64 + "\",\"_version\":" + version + ",\"_is_deleted\":" + deleted
                + ",\"_event_date\":20454}}";
        return Map.entry(key, value);
    }
}
