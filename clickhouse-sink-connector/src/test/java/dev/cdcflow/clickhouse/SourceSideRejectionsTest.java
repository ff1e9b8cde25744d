package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ValidateRow on the source side (in Debezium's chain) rejects rows before they have a Kafka offset: each rejection
 * must still keep a row of its own in rejected_rows, located where the sink read it in the rejected-rows topic.
 */
@LocalStackTest
class SourceSideRejectionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void everyRowRejectedAtTheSourceKeepsItsOwnRejectedRow(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.postgres().execute(
                "CREATE TABLE gadgets (id BIGINT PRIMARY KEY, price INT NOT NULL)",
                "INSERT INTO gadgets VALUES (1, -1), (2, -2), (3, 5), (4, -4)");
        rest.putConnector(DebeziumSource.definition(stack, "srcrej", "gadgets").with(Map.of(
                "transforms", "flatten,validate",
                "transforms.flatten.type", "dev.cdcflow.transforms.FlattenChangeEvent",
                "transforms.validate.type", "dev.cdcflow.transforms.ValidateRow",
                "transforms.validate.rules", "gadgets.price min 0")));
        PlainSink.register(stack, "srcrej-sink", "srcrej\\.public\\..*", "srcrej");
        try {
            PlainSink.awaitRows(stack, "srcrej.gadgets", 1);
            Await.until("three rejected rows", TIMEOUT, () -> rejected(stack).size() == 3);
            assertThat(rejected(stack)).containsExactly(
                    List.of("srcrej.public.gadgets.rejected", "0", "0", "price", "-1"),
                    List.of("srcrej.public.gadgets.rejected", "0", "1", "price", "-2"),
                    List.of("srcrej.public.gadgets.rejected", "0", "2", "price", "-4"));
        } finally {
            rest.deleteConnector("srcrej-sink");
            rest.deleteConnector("srcrej-debezium");
        }
    }

    private static List<List<String>> rejected(LocalStack stack) {
        try {
            return stack.clickHouse().rows("SELECT topic, partition, offset, column, observed "
                    + "FROM srcrej.rejected_rows FINAL ORDER BY offset");
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }
}
