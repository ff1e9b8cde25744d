package dev.cdcflow.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What a test needs to hold the S3 sink to "every offset in exactly one object": the ends of the topics, the sink's
 * committed offsets, and every record of every object counted by where it was read (the envelope's topic, partition
 * and offset).
 */
final class RawZoneAudit {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private RawZoneAudit() {
    }

    /** Per partition of the topics, the offset after its last record. */
    static Map<TopicPartition, Long> ends(LocalStack stack, String... topics) {
        Map<TopicPartition, Long> ends = new TreeMap<>(RawZoneAudit::compare);
        for (String topic : topics) {
            stack.kafka().readAll(topic).forEach(record -> ends.merge(
                    new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max));
        }
        return ends;
    }

    /** Waits until the connector's committed offsets are {@code ends}: the sink lags by nothing. */
    static void awaitCommitted(LocalStack stack, String connector, Map<TopicPartition, Long> ends) {
        Await.until(connector + " committed up to " + ends, TIMEOUT, () -> committed(stack, connector).equals(ends));
    }

    static Map<TopicPartition, Long> committed(LocalStack stack, String connector) {
        Map<TopicPartition, Long> offsets = new TreeMap<>(RawZoneAudit::compare);
        for (JsonNode entry : stack.connect().rest().offsets(connector).path("offsets")) {
            offsets.put(new TopicPartition(entry.path("partition").path("kafka_topic").asText(),
                    entry.path("partition").path("kafka_partition").asInt()),
                    entry.path("offset").path("kafka_offset").asLong());
        }
        return offsets;
    }

    /**
     * How many times each record (topic-partition@offset, from the envelope) is in the objects under
     * {@code prefix}; each object's key must name the partition its records were read from.
     */
    static Map<String, Integer> recordCounts(LocalStack stack, String prefix) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String key : S3Objects.keys(stack, prefix)) {
            for (GenericRecord record : S3Objects.avro(stack, key)) {
                String partition = S3Objects.string(record.get("topic")) + "-" + record.get("partition");
                if (!key.substring(key.lastIndexOf('/') + 1).startsWith(
                        S3Objects.string(record.get("topic")) + "+" + record.get("partition") + "+")) {
                    throw new AssertionError("Object " + key + " holds a record of " + partition);
                }
                counts.merge(partition + "@" + record.get("offset"), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Every offset below {@code ends}, once. */
    static Map<String, Integer> once(Map<TopicPartition, Long> ends) {
        Map<String, Integer> expected = new TreeMap<>();
        ends.forEach((partition, end) -> {
            for (long offset = 0; offset < end; offset++) {
                expected.put(partition.topic() + "-" + partition.partition() + "@" + offset, 1);
            }
        });
        return expected;
    }

    /** The SHA-256 of every object under {@code prefix}, the sink's own records included, by key. */
    static Map<String, String> digests(LocalStack stack, String prefix) {
        Map<String, String> digests = new TreeMap<>();
        for (String key : stack.s3().listKeys(S3Objects.BUCKET, prefix)) {
            try {
                digests.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(stack.s3().getObject(S3Objects.BUCKET, key))));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return digests;
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
