package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The stage end to end on the local stack: rows from a topic committed into an Iceberg table in S3 through the JDBC
 * catalog in PostgreSQL, projected, cast and partitioned as the stage config says, read back with Iceberg's generic
 * reader; bad rows in the dead letter queue with their reason; no row twice after task restarts.
 */
@LocalStackTest
class IcebergStageTest {

    @Test
    void rowsAreProjectedCastAndPartitionedBadOnesGoToTheDlqAndRestartsAddNothingTwice(LocalStack stack) {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "ice.public.orders";
        stack.kafka().createTopic(topic, 2);
        stack.kafka().produce(topic, StageFixtures.orders(1, 30));
        stack.kafka().produce(topic, List.of(Map.entry("{\"id\":999}", StageFixtures.row(999, "not a number"))));
        rest.putConnector(StageFixtures.definition(stack, "ice-stage", topic));
        try {
            Await.until("30 rows in stage.ice.orders", StageFixtures.TIMEOUT,
                    () -> StageFixtures.rows(stack, "ice").size() == 30);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "ice"), 1, 30);
            Table table = StageFixtures.table(stack, "ice", "orders");
            assertThat(table.spec().fields()).singleElement()
                    .satisfies(field -> assertThat(field.transform().toString()).isEqualTo("day"));
            assertThat(table.location()).isEqualTo("s3://lakehouse/stage/ice/orders");
            assertThat(StageFixtures.dataFileLocations(stack, "ice"))
                    .allMatch(file -> file.startsWith("s3://lakehouse/stage/ice/orders/data/event_date_day=2024-03-0"));

            List<ConsumerRecord<String, String>> dead = stack.kafka().consume("stage-dlq", 1, StageFixtures.TIMEOUT);
            assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.exception.message").value(),
                    StandardCharsets.UTF_8)).contains("Stage table 'orders', column 'total' (from field "
                    + "'total_amount')").contains("not a number");

            // Restarts while more rows arrive: every row once, whatever the consumer group had committed.
            stack.kafka().produce(topic, StageFixtures.orders(31, 60));
            rest.restart("ice-stage");
            stack.kafka().produce(topic, StageFixtures.orders(61, 90));
            rest.restart("ice-stage");
            StageFixtures.awaitAllCommitted(stack, "ice-stage", "ice", topic);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "ice"), 1, 90);
            assertThat(StageFixtures.dataFileLocations(stack, "ice")).doesNotHaveDuplicates();
            assertThat(stack.kafka().readAll("stage-dlq")).as("the bad row rejected once, not at each restart")
                    .hasSize(1);
        } finally {
            rest.deleteConnector("ice-stage");
        }
    }

    @Test
    void aStageConfigWithMistakesIsRefusedNamingTheTableAndKey(LocalStack stack) {
        ConnectorDefinition connector = StageFixtures.definition(stack, "ice-refused", "refused.public.orders");
        Map<String, String> config = new HashMap<>(connector.config());
        config.put(IcebergStageConfig.STAGE_CONFIG, StageFixtures.STAGE.replace("day(event_date)", "hour(event_date)"));
        JsonNode verdict = stack.connect().rest().validate(config.get("connector.class"), config);
        assertThat(errors(verdict, IcebergStageConfig.STAGE_CONFIG)).singleElement().asString()
                .contains("stage table 'orders', key 'partition_by', 'hour(event_date)'")
                .contains("does not apply to a date column");

        config.put(IcebergStageConfig.STAGE_CONFIG, StageFixtures.STAGE.replace("type: string}", "type: text}"));
        verdict = stack.connect().rest().validate(config.get("connector.class"), config);
        assertThat(errors(verdict, IcebergStageConfig.STAGE_CONFIG)).singleElement().asString()
                .contains("stage table 'orders', column 2 ('status'), key 'type': unknown type 'text'");
    }

    private static List<String> errors(JsonNode verdict, String key) {
        List<String> errors = new ArrayList<>();
        for (JsonNode value : verdict.path("configs")) {
            if (value.path("value").path("name").asText().equals(key)) {
                value.path("value").path("errors").forEach(error -> errors.add(error.asText()));
            }
        }
        return errors;
    }
}
