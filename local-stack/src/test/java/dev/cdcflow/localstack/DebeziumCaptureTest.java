package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.connectinit.ConnectorDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Debezium, registered through the REST API from the repository's template, captures inserts, updates, deletes. */
@LocalStackTest
class DebeziumCaptureTest {

    private static final String CONNECTOR = "ground-debezium";
    private static final String SLOT = "ground_slot";
    private static final String TOPIC = "ground.public.ground_check";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void capturesInsertUpdateAndDeleteWithBeforeAndAfterImages(LocalStack stack) throws Exception {
        stack.postgres().execute(
                "CREATE TABLE ground_check (id INT PRIMARY KEY, name TEXT NOT NULL, qty INT)",
                "ALTER TABLE ground_check REPLICA IDENTITY FULL");

        ConnectorDefinition debezium = stack.render(LocalStack.template("debezium-postgres"),
                Map.of("DEBEZIUM_CONNECTOR_NAME", CONNECTOR,
                        "TOPIC_PREFIX", "ground",
                        "DEBEZIUM_TABLES", "public.ground_check",
                        "DEBEZIUM_SLOT", SLOT,
                        "DEBEZIUM_PUBLICATION", "ground_publication",
                        "DEBEZIUM_SLOT_DROP_ON_STOP", "true"))
                // The template's RouteColumnChanges lives in cdc-transforms, which is built after this module.
                .with(Map.of("transforms", ""));
        stack.connect().rest().putConnector(debezium);
        stack.connect().rest().awaitRunning(CONNECTOR, 1, Duration.ofSeconds(60));
        // Changes are kept from the moment the replication slot exists.
        Await.until("replication slot " + SLOT, Duration.ofSeconds(60), () -> !stack.postgres()
                .query("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'").isEmpty());

        stack.postgres().execute(
                "INSERT INTO ground_check VALUES (1, 'apple', 3)",
                "UPDATE ground_check SET qty = 5 WHERE id = 1",
                "DELETE FROM ground_check WHERE id = 1");

        // insert, update, delete, and the tombstone Debezium writes after a delete
        List<ConsumerRecord<String, String>> records = stack.kafka().consume(TOPIC, 4, Duration.ofSeconds(60));
        assertThat(records).hasSize(4);

        JsonNode insert = payload(records.get(0));
        assertThat(insert.path("op").asText()).isEqualTo("c");
        assertThat(insert.path("before").isNull()).isTrue();
        assertThat(insert.path("after").path("name").asText()).isEqualTo("apple");
        assertThat(insert.path("after").path("qty").asInt()).isEqualTo(3);

        JsonNode update = payload(records.get(1));
        assertThat(update.path("op").asText()).isEqualTo("u");
        assertThat(update.path("before").path("qty").asInt()).isEqualTo(3);
        assertThat(update.path("after").path("qty").asInt()).isEqualTo(5);

        JsonNode delete = payload(records.get(2));
        assertThat(delete.path("op").asText()).isEqualTo("d");
        assertThat(delete.path("before").path("id").asInt()).isEqualTo(1);
        assertThat(delete.path("before").path("qty").asInt()).isEqualTo(5);
        assertThat(delete.path("after").isNull()).isTrue();

        assertThat(records.get(3).value()).as("tombstone after the delete").isNull();
        assertThat(JSON.readTree(records.get(3).key()).path("payload").path("id").asInt()).isEqualTo(1);
    }

    @AfterAll
    static void removeConnector(LocalStack stack) {
        stack.connect().rest().deleteConnector(CONNECTOR);
    }

    private static JsonNode payload(ConsumerRecord<String, String> record) throws Exception {
        return JSON.readTree(record.value()).path("payload");
    }
}
