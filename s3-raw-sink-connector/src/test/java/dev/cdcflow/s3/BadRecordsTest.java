package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be written go to the dead letter queue with the reason and the rest carries on; with the
 * default tolerance the task stops naming the record. Tombstones can be written inside the envelope.
 */
@LocalStackTest
class BadRecordsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String KEY = "{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":%d}";
    private static final String VALUE = "{\"schema\":{\"type\":\"struct\",\"name\":\"v\",\"optional\":false,"
            + "\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":true}]},\"payload\":{\"id\":%d,\"ts\":%s}}";
    private static final long DAY_START = 1_767_225_600_000L;

    @Test
    void aRecordWithoutItsTimeGoesToTheDeadLetterQueueAndTombstonesAreWrittenInTheEnvelope(LocalStack stack) {
        String topic = "bad3.public.items";
        stack.kafka().createTopic(topic, 1);
        stack.s3().createBucket(S3Objects.BUCKET);
        stack.kafka().send(List.of(
                row(topic, 1, Long.toString(DAY_START)),
                row(topic, 2, "null"),
                new ProducerRecord<>(topic, 0, String.format(KEY, 1), null),
                row(topic, 3, Long.toString(DAY_START + 1))));
        SinkRegistration.registerOnFieldTime(stack, "bad3-sink", topic, Map.of("prefix", "bad3",
                "envelope", "true", "null.values", "write", "flush.records", "3", "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "bad3-dlq", "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));

        // The tombstone has no 'ts': it takes its Kafka timestamp (today), so it lands in a folder of its own.
        Await.until("two objects", TIMEOUT, () -> S3Objects.keys(stack, "bad3/").size() == 2);
        List<GenericRecord> records = new java.util.ArrayList<>();
        S3Objects.keys(stack, "bad3/").forEach(key -> records.addAll(S3Objects.avro(stack, key)));
        records.sort(java.util.Comparator.comparingLong(record -> (Long) record.get("offset")));
        assertThat(records).extracting(record -> record.get("offset")).containsExactly(0L, 2L, 3L);
        assertThat(records.get(1).get("value")).as("the tombstone").isNull();
        assertThat(records.get(1).get("key")).isEqualTo(1L);
        assertThat(S3Objects.keys(stack, "bad3/")).allMatch(key -> key.endsWith("+0+00000000000000000000.avro")
                || key.endsWith("+0+00000000000000000002.avro"));

        List<ConsumerRecord<String, String>> dead = stack.kafka().consume("bad3-dlq", 1, TIMEOUT);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.value()).contains("\"id\":2");
            assertThat(new String(record.headers().lastHeader("__connect.errors.exception.message").value()))
                    .contains("bad3.public.items-0@1").contains("timestamp field 'ts' is missing or null");
        });
        stack.connect().rest().deleteConnector("bad3-sink");
    }

    @Test
    void withTheDefaultToleranceABadRecordStopsTheTaskNamingIt(LocalStack stack) {
        String topic = "stop3.public.items";
        stack.kafka().createTopic(topic, 1);
        stack.s3().createBucket(S3Objects.BUCKET);
        stack.kafka().send(List.of(row(topic, 1, Long.toString(DAY_START)), row(topic, 2, "null")));
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(stack.render(LocalStack.template("s3-raw-sink"), Map.of("S3_SINK_NAME", "stop3-sink",
                "S3_SINK_TOPICS_REGEX", "stop3\\.public\\.items")).with(Map.of("prefix", "stop3",
                "timestamp.field", "ts")));

        String trace = rest.awaitTaskFailure("stop3-sink", TIMEOUT);
        assertThat(trace).contains("Record stop3.public.items-0@1 cannot be written")
                .contains("timestamp field 'ts' is missing or null");
        rest.deleteConnector("stop3-sink");
    }

    private static ProducerRecord<String, String> row(String topic, long id, String ts) {
        return new ProducerRecord<>(topic, 0, String.format(KEY, id), String.format(VALUE, id, ts));
    }
}
