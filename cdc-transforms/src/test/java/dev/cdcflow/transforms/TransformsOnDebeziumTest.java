package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Both transforms configured on a Debezium connector in a real worker; results read back from the topics. */
@LocalStackTest
class TransformsOnDebeziumTest {

    private static final String CONNECTOR = "smt-debezium";
    private static final String TOPIC = "smt.public.smt_orders";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void changeEventsArriveFlattenedAndTheInvalidRowIsRejectedWithItsReason(LocalStack stack) throws Exception {
        stack.postgres().execute(
                "CREATE TABLE smt_orders (id BIGINT PRIMARY KEY, status TEXT NOT NULL, total NUMERIC(10,2), "
                        + "placed_at TIMESTAMPTZ)",
                "ALTER TABLE smt_orders REPLICA IDENTITY FULL");
        stack.connect().rest().putConnector(debezium(stack, Map.of()));
        stack.connect().rest().awaitRunning(CONNECTOR, 1, Duration.ofSeconds(60));

        stack.postgres().execute(
                "INSERT INTO smt_orders VALUES (1, 'pending', 10.50, '2025-03-04 05:06:07+00')",
                "INSERT INTO smt_orders VALUES (2, 'pending', -5.00, '2025-03-04 05:06:07+00')",
                "UPDATE smt_orders SET status = 'paid' WHERE id = 1",
                "DELETE FROM smt_orders WHERE id = 1");

        List<JsonNode> rows = payloads(stack.kafka().consume(TOPIC, 3, Duration.ofSeconds(60)));
        assertThat(rows).extracting(row -> row.path("_op").asText()).containsExactly("c", "u", "d");
        assertThat(rows).extracting(row -> row.path("id").asLong()).containsExactly(1L, 1L, 1L);
        assertThat(rows).extracting(row -> row.path("_is_deleted").asInt()).containsExactly(0, 0, 1);
        assertThat(rows.get(1).path("status").asText()).isEqualTo("paid");
        assertThat(rows.get(2).path("status").asText()).as("delete carries the before-image").isEqualTo("paid");
        assertThat(rows.get(0).path("_version").asLong()).isLessThan(rows.get(1).path("_version").asLong());
        assertThat(rows.get(1).path("_version").asLong()).isLessThan(rows.get(2).path("_version").asLong());
        assertThat(rows.get(0).path("_event_date_source").asText()).isEqualTo("placed_at");
        assertThat(rows.get(0).path("_event_date").asLong()).isEqualTo(LocalDate.parse("2025-03-04").toEpochDay());
        assertThat(rows.get(0).path("placed_at").asLong()).as("timestamptz as epoch millis")
                .isEqualTo(1_741_064_767_000L);
        assertThat(rows.get(0).path("total").decimalValue()).isEqualByComparingTo("10.50");

        List<JsonNode> rejected = payloads(stack.kafka().consume(TOPIC + ".rejected", 1, Duration.ofSeconds(30)));
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("topic").asText()).isEqualTo(TOPIC);
        assertThat(JSON.readTree(rejected.get(0).path("payload").asText()).path("id").asLong()).isEqualTo(2L);
        JsonNode problem = rejected.get(0).path("problems").get(0);
        assertThat(problem.path("column").asText()).isEqualTo("total");
        assertThat(problem.path("error_code").asText()).isEqualTo("BELOW_MIN");
        assertThat(problem.path("message").asText()).isEqualTo("total is -5.00, below the minimum 0");
    }

    @Test
    void workerRefusesABadRuleAtValidationNamingTheKey(LocalStack stack) {
        ConnectorDefinition connector = debezium(stack, Map.of("transforms.validate.rules", "smt_orders.total minn 0"));

        JsonNode verdict = stack.connect().rest()
                .validate(connector.config().get("connector.class"), connector.config());

        assertThat(verdict.path("error_count").asInt()).isPositive();
        JsonNode rules = findConfig(verdict, "transforms.validate.rules");
        assertThat(rules.path("value").path("errors").toString())
                .contains("Rule 1 'smt_orders.total minn 0': unknown check 'minn'");
    }

    @AfterAll
    static void removeConnector(LocalStack stack) {
        stack.connect().rest().deleteConnector(CONNECTOR);
    }

    private static ConnectorDefinition debezium(LocalStack stack, Map<String, String> extra) {
        Map<String, String> transforms = new HashMap<>(Map.of(
                "transforms", "flatten,validate",
                "transforms.flatten.type", FlattenChangeEvent.class.getName(),
                "transforms.flatten.event.date.fields", "smt_orders:placed_at",
                "transforms.validate.type", ValidateRow.class.getName(),
                "transforms.validate.rules", "smt_orders.total min 0; smt_orders.status in pending,paid,shipped",
                "value.converter.decimal.format", "NUMERIC"));
        transforms.putAll(extra);
        return stack.render(LocalStack.template("debezium-postgres"), Map.of(
                "DEBEZIUM_CONNECTOR_NAME", CONNECTOR,
                "TOPIC_PREFIX", "smt",
                "DEBEZIUM_TABLES", "public.smt_orders",
                "DEBEZIUM_SLOT", "smt_slot",
                "DEBEZIUM_PUBLICATION", "smt_publication",
                "DEBEZIUM_SLOT_DROP_ON_STOP", "true")).with(transforms);
    }

    private static JsonNode findConfig(JsonNode verdict, String name) {
        for (JsonNode config : verdict.path("configs")) {
            if (name.equals(config.path("definition").path("name").asText())) {
                return config;
            }
        }
        throw new AssertionError("No config " + name + " in " + verdict);
    }

    private static List<JsonNode> payloads(List<ConsumerRecord<String, String>> records) throws Exception {
        List<JsonNode> payloads = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            payloads.add(JSON.readTree(record.value()).path("payload"));
        }
        return payloads;
    }
}
