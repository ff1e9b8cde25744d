package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * 200 partitions with open files, and one partition far larger than the rest, under an 8 MiB cap: the heap never
 * holds more than the cap (the task's own metric says so), the large file goes up in parts, the others wait on
 * disk, and every record arrives exactly once.
 */
@LocalStackTest
class MemoryCapTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int PARTITIONS = 200;
    private static final int HOT_PARTITION = 7;
    private static final long CAP = 8L * 1024 * 1024;
    private static final long DAY_START = 1_767_225_600_000L;
    private static final String PAD = "x".repeat(1000);
    private static final String VALUE = "{\"schema\":{\"type\":\"struct\",\"name\":\"events.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"pad\",\"type\":\"string\",\"optional\":false}]},"
            + "\"payload\":{\"id\":%d,\"ts\":%d,\"pad\":\"%s\"}}";

    @TempDir
    Path spillDir;

    @Test
    void theHeapStaysUnderTheCapAt200PartitionsAndEveryRecordArrivesOnce(LocalStack stack) {
        String topic = "cap3.public.events";
        stack.kafka().createTopic(topic, PARTITIONS);
        stack.s3().createBucket(S3Objects.BUCKET);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        Map<Integer, Integer> perPartition = new HashMap<>();
        long id = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            int count = partition == HOT_PARTITION ? 12_000 : 30;
            perPartition.put(partition, count);
            for (int n = 0; n < count; n++, id++) {
                records.add(new ProducerRecord<>(topic, partition, null,
                        String.format(VALUE, id, DAY_START + n, PAD + id)));
            }
        }
        for (int partition = 0; partition < PARTITIONS; partition++) {
            // A record two days later closes each partition's files (flush.span.ms), and stays open itself.
            records.add(new ProducerRecord<>(topic, partition, null,
                    String.format(VALUE, -1 - partition, DAY_START + 2 * 86_400_000L, "")));
        }
        stack.kafka().send(records);

        SinkRegistration.register(stack, "cap3-sink", topic, Map.of("prefix", "cap3", "timestamp.field", "ts",
                "avro.codec", "null", "flush.span.ms", "86400000", "buffer.max.bytes", Long.toString(CAP),
                "s3.part.size", Long.toString(5L * 1024 * 1024), "flush.idle.ms", "0",
                "buffer.spill.dir", spillDir.toString()));

        // Read until every record is there: the large object may show in a listing a moment before the S3 server
        // has finished assembling its parts. Records missing for good still fail, at the timeout.
        Map<Integer, Integer> written = Await.value("every record in an object", TIMEOUT, () -> {
            Map<Integer, Integer> counts = recordsPerPartition(stack);
            return counts.equals(perPartition) ? Optional.of(counts) : Optional.empty();
        });
        assertThat(written).isEqualTo(perPartition);
        assertThat(S3Objects.keys(stack, "cap3/")).as("one object per partition").hasSize(PARTITIONS);

        long peak = stack.connect().pluginMetric("cap3-sink", "buffer-bytes-max").get(0);
        assertThat(peak).as("most bytes of open files on the heap").isPositive().isLessThanOrEqualTo(CAP);
        String hotKey = S3Objects.keys(stack, "cap3/").stream().filter(key -> key.contains("+" + HOT_PARTITION + "+"))
                .findFirst().orElseThrow();
        String eTag = stack.s3().client().listObjectsV2(request -> request.bucket(S3Objects.BUCKET).prefix(hotKey))
                .contents().stream().map(S3Object::eTag).findFirst().orElseThrow();
        assertThat(eTag).as("the large file went up in parts").matches("\"?[0-9a-f]+-\\d+\"?");
        stack.connect().rest().deleteConnector("cap3-sink");
        Await.until("the task's spill folder removed when it stops", TIMEOUT,
                () -> !Files.exists(spillDir.resolve("cdcflow-s3-cap3-sink-0")));
    }

    /** Records read back per partition, each checked against its id. */
    private static Map<Integer, Integer> recordsPerPartition(LocalStack stack) {
        Map<Integer, Integer> written = new HashMap<>();
        for (String key : S3Objects.keys(stack, "cap3/")) {
            for (GenericRecord record : S3Objects.avro(stack, key)) {
                int partition = Integer.parseInt(key.replaceAll(".*\\+(\\d+)\\+\\d+\\.avro", "$1"));
                written.merge(partition, 1, Integer::sum);
                assertThat(record.get("pad").toString()).isEqualTo(PAD + record.get("id"));
            }
        }
        return written;
    }
}
