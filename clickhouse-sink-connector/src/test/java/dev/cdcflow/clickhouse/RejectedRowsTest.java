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
import org.junit.jupiter.api.Test;

/** Invalid rows and records the sink cannot convert land in rejected_rows with their reasons. */
@LocalStackTest
class RejectedRowsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY = "{\"schema\":{\"type\":\"struct\",\"name\":\"k\",\"optional\":false,\"fields\":"
            + "[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]},\"payload\":{\"id\":%d}}";
    /** A row whose 'label' field has the given type: a changed type is what the sink cannot convert. */
    private static final String VALUE = "{\"schema\":{\"type\":\"struct\",\"name\":\"items.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"price\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"label\",\"type\":\"%s\",\"optional\":false},"
            + "{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false}]},"
            + "\"payload\":{\"id\":%d,\"price\":%d,\"label\":%s,\"_version\":%d}}";

    @Test
    void invalidAndUnconvertibleRowsAreRejectedWithReasonsAndTheConnectorGoesOn(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        String topic = "rj.public.items";
        stack.kafka().produce(topic, List.of(
                record(1, 10, "string", "\"a\"", 1),
                record(2, -5, "string", "\"b\"", 2),
                record(3, 30, "int64", "3", 3),
                record(4, 40, "string", "\"d\"", 4)));
        rest.putConnector(sink(stack, "rj-sink", "rj\\.public\\.items", "rj").with(Map.of(
                "transforms", "validate",
                "transforms.validate.rules", "items.price min 0",
                "errors.tolerance", "all")));
        rest.awaitRunning("rj-sink", 1, TIMEOUT);

        Await.until("rows and rejected rows", TIMEOUT, () -> count(stack, "rj.items") == 2
                && count(stack, "rj.rejected_rows") == 2);
        assertThat(stack.clickHouse().rows("SELECT id, price FROM rj.items FINAL ORDER BY id"))
                .containsExactly(List.of("1", "10"), List.of("4", "40"));
        List<List<String>> rejected = stack.clickHouse().rows("SELECT topic, offset, column, expected, error_code, "
                + "observed, message FROM rj.rejected_rows FINAL ORDER BY offset");
        assertThat(rejected.get(0)).containsExactly(topic, "1", "price", "min 0", "BELOW_MIN", "-5",
                "price is -5, below the minimum 0");
        assertThat(rejected.get(1).subList(0, 2)).containsExactly(topic, "2");
        assertThat(rejected.get(1).get(4)).isEqualTo("CONVERSION_FAILED");
        assertThat(rejected.get(1).get(6)).contains("Record rj.public.items-0@2 cannot be written to rj.items")
                .contains("Column 'label'");
        assertThat(rest.status("rj-sink").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        rest.deleteConnector("rj-sink");
    }

    @Test
    void twoRulesOneValueBreaksKeepARowEach(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().produce("rules.public.items", List.of(record(1, 10, "string", "\"ab\"", 1),
                record(2, 10, "string", "\"12345\"", 2)));
        rest.putConnector(sink(stack, "rules-sink", "rules\\.public\\.items", "rules").with(Map.of(
                "transforms", "validate",
                "transforms.validate.rules", "items.label min-length 5; items.label pattern [0-9]+",
                "errors.tolerance", "all")));
        try {
            Await.until("the valid row and two rejected rows", TIMEOUT, () -> count(stack, "rules.items") == 1
                    && count(stack, "rules.rejected_rows") == 2);
            assertThat(stack.clickHouse().rows("SELECT offset, column, error_code FROM rules.rejected_rows FINAL "
                    + "ORDER BY error_code")).extracting(row -> String.join(" ", row))
                    .containsExactly("0 label PATTERN_MISMATCH", "0 label TOO_SHORT");
        } finally {
            rest.deleteConnector("rules-sink");
        }
    }

    @Test
    void withTheDefaultToleranceAPoisonRecordStopsTheTaskNamingTheRecord(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        String topic = "poison.public.items";
        stack.kafka().produce(topic, List.of(record(1, 10, "string", "\"a\"", 1), record(2, 20, "int64", "2", 2)));
        rest.putConnector(sink(stack, "poison-sink", "poison\\.public\\.items", "poison")
                .with(Map.of("transforms", "")));

        String trace = rest.awaitTaskFailure("poison-sink", TIMEOUT);
        assertThat(trace).contains("Record poison.public.items-0@1 cannot be written to poison.items")
                .contains("Column 'label' of table items is String but the records now carry Int64");
        rest.deleteConnector("poison-sink");
    }

    private static ConnectorDefinition sink(LocalStack stack, String name, String topics, String database) {
        return stack.render(LocalStack.template("clickhouse-sink"), Map.of("CLICKHOUSE_SINK_NAME", name,
                "CLICKHOUSE_SINK_TOPICS_REGEX", topics, "CLICKHOUSE_DATABASE", database));
    }

    private static Map.Entry<String, String> record(long id, long price, String labelType, String label,
                                                    long version) {
        return Map.entry(String.format(KEY, id), String.format(VALUE, labelType, id, price, label, version));
    }

    private static long count(LocalStack stack, String table) {
        try {
            return Long.parseLong(stack.clickHouse().scalar("SELECT count() FROM " + table + " FINAL"));
        } catch (RuntimeException notYet) {
            return 0;
        }
    }
}
