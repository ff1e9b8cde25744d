package dev.cdcflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Captures one event of every kind from the real Debezium PostgreSQL connector, on a table with every column type
 * the transforms must handle, and checks it against the fixtures the unit tests use. Run with
 * {@code -Dfixtures.regenerate=true} to rewrite the fixtures after a Debezium upgrade.
 */
@LocalStackTest
class DebeziumFixturesTest {

    private static final String CONNECTOR = "fixtures-debezium";
    private static final String SLOT = "fixtures_slot";
    private static final String TOPIC = "fixtures.public.all_types";
    /** Source fields that differ from run to run; the fixtures keep one captured value, comparison ignores them. */
    private static final List<String> VOLATILE_SOURCE_FIELDS =
            List.of("ts_ms", "ts_us", "ts_ns", "txId", "lsn", "sequence", "xmin");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void capturedEventsMatchTheFixtures(LocalStack stack) throws IOException {
        stack.postgres().execute(DebeziumFixtures.DDL);
        stack.postgres().execute(DebeziumFixtures.SNAPSHOT_ROW);

        ConnectorDefinition debezium = stack.render(LocalStack.template("debezium-postgres"), Map.of(
                "DEBEZIUM_CONNECTOR_NAME", CONNECTOR,
                "TOPIC_PREFIX", "fixtures",
                "DEBEZIUM_TABLES", "public.all_types",
                "DEBEZIUM_SLOT", SLOT,
                "DEBEZIUM_PUBLICATION", "fixtures_publication",
                "DEBEZIUM_SLOT_DROP_ON_STOP", "true"))
                // Debezium skips truncates unless told otherwise.
                .with(Map.of("skipped.operations", "none"));
        stack.connect().rest().putConnector(debezium);
        stack.connect().rest().awaitRunning(CONNECTOR, 1, Duration.ofSeconds(60));
        // TRUNCATE is not MVCC-safe: streaming it before the snapshot has read the table would empty the snapshot.
        stack.kafka().consume(TOPIC, 1, Duration.ofSeconds(60));

        stack.postgres().execute(DebeziumFixtures.STREAMED_CHANGES);

        List<ConsumerRecord<String, String>> records =
                stack.kafka().consume(TOPIC, DebeziumFixtures.EVENTS.size(), Duration.ofSeconds(60));
        assertThat(records).hasSize(DebeziumFixtures.EVENTS.size());
        for (int i = 0; i < records.size(); i++) {
            String name = DebeziumFixtures.EVENTS.get(i);
            ObjectNode captured = JSON.createObjectNode();
            captured.put("topic", TOPIC);
            captured.set("key", parse(records.get(i).key()));
            captured.set("value", parse(records.get(i).value()));
            if (Boolean.getBoolean("fixtures.regenerate")) {
                Files.writeString(sourceTreeFile(name), JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(captured) + "\n");
            } else {
                Path file = DebeziumFixtures.file(name);
                JsonNode expected = JSON.readTree(file.toFile());
                assertThat(scrub(captured)).as("event %s (fixture %s)", name, file).isEqualTo(scrub(expected));
            }
        }
    }

    @AfterAll
    static void removeConnector(LocalStack stack) {
        stack.connect().rest().deleteConnector(CONNECTOR);
    }

    private static JsonNode parse(String json) throws IOException {
        return json == null ? JSON.nullNode() : JSON.readTree(json);
    }

    private static JsonNode scrub(JsonNode event) {
        JsonNode copy = event.deepCopy();
        JsonNode payload = copy.path("value").path("payload");
        if (payload instanceof ObjectNode payloadObject) {
            payloadObject.remove(List.of("ts_ms", "ts_us", "ts_ns"));
            if (payloadObject.path("source") instanceof ObjectNode source) {
                source.remove(VOLATILE_SOURCE_FIELDS);
            }
        }
        return copy;
    }

    private static Path sourceTreeFile(String name) {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "debezium-postgres",
                name + ".json");
    }
}
