package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * Records no table can take, and tables the sink cannot keep correct: each such record goes to the dead letter queue
 * and to rejected_rows with a reason that says what to change, and the task goes on writing the records it can (with
 * errors.tolerance=all); with the default tolerance the first one stops the task, naming record, table and reason.
 */
@LocalStackTest
class UnwritableRecordsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Schema ROW = SchemaBuilder.struct().name("things.Value").field("id", Schema.INT64_SCHEMA)
            .field("label", Schema.STRING_SCHEMA).field("_version", Schema.INT64_SCHEMA).build();
    private static final Schema UNVERSIONED = SchemaBuilder.struct().name("things.Unversioned")
            .field("id", Schema.INT64_SCHEMA).field("label", Schema.STRING_SCHEMA).build();

    @Test
    void eachUnwritableRecordGoesToTheDeadLetterQueueWithItsReasonAndTheTaskGoesOn(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.clickHouse().execute("CREATE DATABASE IF NOT EXISTS unfit");
        stack.clickHouse().execute("CREATE TABLE unfit.plain (id Int64, label String, _version UInt64) "
                + "ENGINE = MergeTree ORDER BY id");
        stack.clickHouse().execute("CREATE TABLE unfit.unversioned (id Int64, label String, _version UInt64) "
                + "ENGINE = ReplacingMergeTree ORDER BY id");
        stack.kafka().produce("unfit.public.things", List.of(row(1)));
        stack.kafka().send(List.of(
                new ProducerRecord<>("unfit.public.things", JsonRecords.idKey(2), JsonRecords.json(UNVERSIONED,
                        new Struct(UNVERSIONED).put("id", 2L).put("label", "no version"))),
                new ProducerRecord<>("unfit.public.keyless", null, value(3)),
                new ProducerRecord<>("unfit.public.primitive", JsonRecords.json(Schema.INT64_SCHEMA, 4L), value(4)),
                new ProducerRecord<>("unfit.public.plain", JsonRecords.idKey(5), value(5)),
                new ProducerRecord<>("unfit.public.unversioned", JsonRecords.idKey(6), value(6))));
        stack.kafka().produce("unfit.public.things", List.of(row(7)));
        rest.putConnector(PlainSink.definition(stack, "unfit-sink", "unfit\\.public\\..*", "unfit").with(Map.of(
                "errors.tolerance", "all", "errors.deadletterqueue.topic.name", "unfit-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true")));
        try {
            PlainSink.awaitRows(stack, "unfit.things", 2);
            Await.until("five rejected rows", TIMEOUT, () -> "5".equals(count(stack)));

            assertThat(stack.clickHouse().rows("SELECT id, label FROM unfit.things FINAL ORDER BY id"))
                    .containsExactly(List.of("1", "row 1"), List.of("7", "row 7"));
            assertThat(stack.clickHouse().rows("SELECT topic, message FROM unfit.rejected_rows FINAL "
                    + "ORDER BY topic")).satisfiesExactly(
                    row -> assertThat(row.get(1)).contains("unfit.public.keyless-0@0 cannot be written to "
                            + "unfit.keyless").contains("a key without a schema").contains("key.columns"),
                    row -> assertThat(row.get(1)).contains("unfit.plain is a MergeTree")
                            .contains("ENGINE = ReplacingMergeTree(`_version`)"),
                    row -> assertThat(row.get(1)).contains("a INT64 key, not a struct"),
                    row -> assertThat(row.get(1)).contains("unfit.public.things-0@1 cannot be written")
                            .contains("need a required integer field '_version'"),
                    row -> assertThat(row.get(1)).contains("versioned by nothing"));
            List<ConsumerRecord<String, String>> dead = stack.kafka().consume("unfit-dlq", 5, TIMEOUT);
            assertThat(dead).hasSize(5).allSatisfy(record -> assertThat(new String(record.headers()
                    .lastHeader("__connect.errors.exception.message").value(), StandardCharsets.UTF_8))
                    .contains("cannot be written to unfit."));
            assertThat(rest.status("unfit-sink").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        } finally {
            rest.deleteConnector("unfit-sink");
        }
    }

    @Test
    void withTheDefaultToleranceARecordWithoutVersionStopsTheTaskSayingWhy(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().send(List.of(new ProducerRecord<>("unversioned.public.things", JsonRecords.idKey(1),
                JsonRecords.json(UNVERSIONED, new Struct(UNVERSIONED).put("id", 1L).put("label", "no version")))));
        rest.putConnector(PlainSink.definition(stack, "unversioned-sink", "unversioned\\.public\\.things",
                "unversioned"));
        try {
            assertThat(rest.awaitTaskFailure("unversioned-sink", TIMEOUT))
                    .contains("Record unversioned.public.things-0@0 cannot be written to unversioned.things")
                    .contains("need a required integer field '_version' (version.column)");
        } finally {
            rest.deleteConnector("unversioned-sink");
        }
    }

    private static String value(long id) {
        return JsonRecords.json(ROW, new Struct(ROW).put("id", id).put("label", "row " + id).put("_version", 1L));
    }

    private static Map.Entry<String, String> row(long id) {
        return Map.entry(JsonRecords.idKey(id), value(id));
    }

    private static String count(LocalStack stack) {
        try {
            return stack.clickHouse().scalar("SELECT count() FROM unfit.rejected_rows FINAL");
        } catch (RuntimeException notYet) {
            return "0";
        }
    }
}
