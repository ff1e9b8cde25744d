package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What one row or another writer does must not stall a table or flood the dead letter queue: a row whose value
 * Iceberg cannot hold goes to the dead letter queue with its reason while the rows around it commit; a column another
 * writer drops from the table comes back at the task's next batch, and the rows keep going in.
 */
@LocalStackTest
class StageUnwritableRowsTest {

    /** Year 300,000: milliseconds since 1970 fit 64 bits, Iceberg's microseconds do not. */
    private static final long FAR_FUTURE_MILLIS = 9_400_000_000_000_000L;

    @Test
    void anUnwritableRowGoesToTheDlqAndADroppedColumnComesBack(LocalStack stack) {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "unwritable.public.orders";
        stack.kafka().createTopic(topic, 1);
        stack.kafka().produce(topic, StageFixtures.orders(1, 5));
        stack.kafka().produce(topic, List.of(Map.entry("{\"id\":6}", farFutureRow(6))));
        stack.kafka().produce(topic, StageFixtures.orders(7, 10));
        rest.putConnector(StageFixtures.definition(stack, "unwritable-stage", topic).with(Map.of(
                "errors.deadletterqueue.topic.name", "unwritable-dlq")));
        try {
            Await.until("9 rows in the table", StageFixtures.TIMEOUT,
                    () -> StageFixtures.rows(stack, "unwritable").size() == 9);
            List<ConsumerRecord<String, String>> dead = stack.kafka().consume("unwritable-dlq", 1,
                    StageFixtures.TIMEOUT);
            assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.exception.message").value(),
                    StandardCharsets.UTF_8)).contains("column 'placed_at'").contains("outside Iceberg's timestamp");

            StageFixtures.change(StageFixtures.catalogConfig(stack, "unwritable"), "orders",
                    table -> table.updateSchema().deleteColumn("status").commit());
            stack.kafka().produce(topic, StageFixtures.orders(11, 20));
            Await.until("19 rows in the table", StageFixtures.TIMEOUT,
                    () -> StageFixtures.rows(stack, "unwritable").size() == 19);

            List<Record> after = StageFixtures.rows(stack, "unwritable").stream()
                    .filter(row -> (Long) row.getField("id") > 10).toList();
            assertThat(after).extracting(row -> row.getField("status")).containsOnly("paid", "pending");
            assertThat(stack.kafka().readAll("unwritable-dlq")).as("only the unwritable row").hasSize(1);
            assertThat(rest.status("unwritable-stage").path("tasks").findValuesAsText("state"))
                    .containsOnly("RUNNING");
        } finally {
            rest.deleteConnector("unwritable-stage");
        }
    }

    /** An order whose placed_at is a Connect Timestamp (milliseconds) in the year 300,000. */
    private static String farFutureRow(int id) {
        return StageFixtures.row(id, id + ".5").replace("{\"field\":\"placed_at\",\"type\":\"int64\","
                + "\"optional\":true,\"name\":\"io.debezium.time.MicroTimestamp\"}", "{\"field\":\"placed_at\","
                + "\"type\":\"int64\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Timestamp\"}")
                .replaceFirst("\"placed_at\":\\d+", "\"placed_at\":" + FAR_FUTURE_MILLIS);
    }
}
