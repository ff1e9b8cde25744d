package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every offset of every partition in exactly one object, across task restarts and an S3 outage; and a replay of
 * everything from offset 0 rewrites byte-identical objects under the same keys.
 */
@LocalStackTest
class ExactlyOnceS3Test {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 4;
    private static final int PER_ROUND = 150;
    private static final long DAY_START = 1_767_225_600_000L;
    private static final String KEY = "{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":%d}";
    private static final String VALUE = "{\"schema\":{\"type\":\"struct\",\"name\":\"events.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Timestamp\"}]},\"payload\":{\"id\":%d,\"ts\":%d}}";

    @Test
    void everyOffsetLandsInExactlyOneObjectAcrossRestartsAndAReplayRewritesTheSameBytes(LocalStack stack)
            throws Exception {
        String topic = "eos3.public.events";
        ConnectRestClient rest = stack.connect().rest();
        setUp(stack, topic);
        int produced = 0;
        produced += produceRound(stack, topic, produced);
        register(stack, "eos3-sink", topic, "eos3");
        for (int restart = 0; restart < 3; restart++) {
            // Every batch of 64 records so far closed and uploaded, then a restart drops the open ones.
            int closedBatches = PARTITIONS * (produced / PARTITIONS / 64);
            Await.until("objects of round " + (restart + 1), TIMEOUT,
                    () -> objectCount(stack, "eos3/") >= closedBatches);
            rest.restart("eos3-sink");
            produced += produceRound(stack, topic, produced);
        }
        closeOpenBatches(stack, topic, produced);
        Map<Integer, Long> ends = awaitCommittedToTheMarkers(stack, "eos3-sink", topic);

        Map<String, String> digests = digests(stack, "eos3/");
        assertEveryOffsetOnce(stack, "eos3/", ends);

        // Replay everything: the same records cut into the same files, the same keys, the same bytes.
        rest.stopConnector("eos3-sink");
        rest.awaitState("eos3-sink", "STOPPED", 0, TIMEOUT);
        rest.resetOffsets("eos3-sink");
        rest.resume("eos3-sink");
        rest.awaitRunning("eos3-sink", 1, TIMEOUT);
        awaitCommittedToTheMarkers(stack, "eos3-sink", topic);
        assertThat(digests(stack, "eos3/")).isEqualTo(digests);
        rest.deleteConnector("eos3-sink");
    }

    @Test
    void anS3OutageMidStreamLosesNothingAndDuplicatesNothing(LocalStack stack) throws Exception {
        String topic = "out3.public.events";
        setUp(stack, topic);
        int produced = produceRound(stack, topic, 0);
        register(stack, "out3-sink", topic, "out3");
        Await.until("the first objects", TIMEOUT, () -> objectCount(stack, "out3/") > 0);
        stack.s3().stop();
        try {
            produced += produceRound(stack, topic, produced);
            Thread.sleep(3_000);
            assertThat(stack.connect().rest().status("out3-sink").path("tasks").path(0).path("state").asText())
                    .isEqualTo("RUNNING");
        } finally {
            stack.s3().start();
        }
        produced += produceRound(stack, topic, produced);
        closeOpenBatches(stack, topic, produced);
        Map<Integer, Long> ends = awaitCommittedToTheMarkers(stack, "out3-sink", topic);
        assertEveryOffsetOnce(stack, "out3/", ends);
        stack.connect().rest().deleteConnector("out3-sink");
    }

    private static void setUp(LocalStack stack, String topic) {
        stack.kafka().createTopic(topic, PARTITIONS);
        stack.s3().createBucket(S3Objects.BUCKET);
    }

    private static void register(LocalStack stack, String name, String topic, String prefix) {
        SinkRegistration.register(stack, name, topic, Map.of("prefix", prefix, "envelope", "true",
                "timestamp.field", "ts", "flush.records", "64", "flush.span.ms", "86400000",
                "s3.retry.backoff.ms", "300", "consumer.override.max.poll.records", "50"));
    }

    /** {@code PER_ROUND} records per partition, one second apart in record time; returns how many. */
    private static int produceRound(LocalStack stack, String topic, int already) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int n = 0; n < PER_ROUND; n++) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                long id = already + (long) n * PARTITIONS + partition;
                records.add(new ProducerRecord<>(topic, partition, String.format(KEY, id),
                        String.format(VALUE, id, DAY_START + id * 1000)));
            }
        }
        stack.kafka().send(records);
        return records.size();
    }

    /** A record three days later in each partition: the span rule closes every batch before it. */
    private static void closeOpenBatches(LocalStack stack, String topic, int produced) {
        List<ProducerRecord<String, String>> markers = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            long id = 1_000_000L + partition;
            markers.add(new ProducerRecord<>(topic, partition, String.format(KEY, id),
                    String.format(VALUE, id, DAY_START + produced * 1000L + 3 * 86_400_000L)));
        }
        stack.kafka().send(markers);
    }

    /** Waits until each partition's committed offset is its marker's; returns those offsets (data ends there). */
    private static Map<Integer, Long> awaitCommittedToTheMarkers(LocalStack stack, String name, String topic) {
        Map<Integer, Long> markers = new TreeMap<>();
        stack.kafka().readAll(topic).forEach(record -> markers.merge(record.partition(), record.offset(), Math::max));
        Await.until("offsets committed up to the markers", TIMEOUT, () -> markers.equals(committed(stack, name)));
        return markers;
    }

    private static Map<Integer, Long> committed(LocalStack stack, String name) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (JsonNode entry : stack.connect().rest().offsets(name).path("offsets")) {
            offsets.put(entry.path("partition").path("kafka_partition").asInt(),
                    entry.path("offset").path("kafka_offset").asLong());
        }
        return offsets;
    }

    private static void assertEveryOffsetOnce(LocalStack stack, String prefix, Map<Integer, Long> ends) {
        Map<String, Integer> seen = new HashMap<>();
        for (String key : S3Objects.keys(stack, prefix)) {
            for (GenericRecord record : S3Objects.avro(stack, key)) {
                seen.merge(record.get("partition") + "@" + record.get("offset"), 1, Integer::sum);
                assertThat(key).contains("+" + record.get("partition") + "+");
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        ends.forEach((partition, end) -> {
            for (long offset = 0; offset < end; offset++) {
                expected.put(partition + "@" + offset, 1);
            }
        });
        assertThat(seen).isEqualTo(expected);
    }

    private static int objectCount(LocalStack stack, String prefix) {
        return S3Objects.keys(stack, prefix).size();
    }

    private static Map<String, String> digests(LocalStack stack, String prefix) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        for (String key : S3Objects.keys(stack, prefix)) {
            digests.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(stack.s3().getObject(S3Objects.BUCKET, key))));
        }
        return digests;
    }
}
