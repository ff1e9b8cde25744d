package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * SMTs that change a record's topic: one merging two topics into one (two source partitions then share a topic and
 * partition number), one renaming a topic. The folder follows the new topic; the object names follow the partition
 * each record was read from, as batches and committed offsets do, so every offset of every source partition is in
 * exactly one object.
 */
@LocalStackTest
class RoutingSmtTest {

    private static final String KEY = "{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":%d}";
    private static final String VALUE = "{\"schema\":{\"type\":\"struct\",\"name\":\"ev.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]},\"payload\":{\"id\":%d}}";

    @Test
    void aTopicMergingRouterKeepsEveryOffsetOfBothSourcesInExactlyOneObject(LocalStack stack) {
        stack.s3().createBucket(S3Objects.BUCKET);
        produce(stack, "merge.v1", 2, 70);
        produce(stack, "merge.v2", 2, 45);
        SinkRegistration.register(stack, "merge-sink", "merge.v[12]", settings("merge", Map.of(
                "transforms", "merge",
                "transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.merge.regex", "merge\\.v[12]",
                "transforms.merge.replacement", "merged")));
        try {
            Map<TopicPartition, Long> ends = RawZoneAudit.ends(stack, "merge.v1", "merge.v2");
            RawZoneAudit.awaitCommitted(stack, "merge-sink", ends);

            assertThat(RawZoneAudit.recordCounts(stack, "merge/")).isEqualTo(RawZoneAudit.once(ends));
            assertThat(S3Objects.keys(stack, "merge/")).allMatch(key -> key.startsWith("merge/merged/"))
                    .anyMatch(key -> key.contains("/merge.v1+0+")).anyMatch(key -> key.contains("/merge.v2+0+"));
        } finally {
            stack.connect().rest().deleteConnector("merge-sink");
        }
    }

    @Test
    void aTopicRenamingRouterKeepsEveryOffsetInExactlyOneObject(LocalStack stack) {
        stack.s3().createBucket(S3Objects.BUCKET);
        produce(stack, "rename.events", 2, 50);
        SinkRegistration.register(stack, "rename-sink", "rename.events", settings("rename", Map.of(
                "transforms", "rename",
                "transforms.rename.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.rename.regex", "(.*)",
                "transforms.rename.replacement", "archived.$1")));
        try {
            Map<TopicPartition, Long> ends = RawZoneAudit.ends(stack, "rename.events");
            RawZoneAudit.awaitCommitted(stack, "rename-sink", ends);

            assertThat(RawZoneAudit.recordCounts(stack, "rename/")).isEqualTo(RawZoneAudit.once(ends));
            assertThat(S3Objects.keys(stack, "rename/")).isNotEmpty()
                    .allMatch(key -> key.startsWith("rename/archived.rename.events/")
                            && key.contains("/rename.events+"));
        } finally {
            stack.connect().rest().deleteConnector("rename-sink");
        }
    }

    /** Envelopes (they say where each record was read), small files, and a quick close of each tail. */
    private static Map<String, String> settings(String prefix, Map<String, String> transforms) {
        Map<String, String> settings = new HashMap<>(Map.of("prefix", prefix, "envelope", "true",
                "flush.records", "16", "flush.idle.ms", "1000", "path.format", "${topic}"));
        settings.putAll(transforms);
        return settings;
    }

    private static void produce(LocalStack stack, String topic, int partitions, int perPartition) {
        stack.kafka().createTopic(topic, partitions);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            for (int i = 0; i < perPartition; i++) {
                long id = partition * 1000L + i;
                records.add(new ProducerRecord<>(topic, partition, String.format(KEY, id),
                        String.format(VALUE, id)));
            }
        }
        stack.kafka().send(records);
    }
}
