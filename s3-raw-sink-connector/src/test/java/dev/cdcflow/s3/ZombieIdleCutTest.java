package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * A zombie (a task still running after its partition moved to another task) that closes its batch for idleness must
 * not overwrite the larger object the partition's new owner wrote from the same offset. Two writers of one partition,
 * as the two tasks would run them: the zombie takes offsets 0-4 and goes quiet; the new owner takes 0-9, closes them
 * by count and uploads; then the zombie's idle close comes. The object from offset 0 must still hold 0-9, and no idle
 * cut be recorded at 0 (a replay would then cut there).
 */
@LocalStackTest
class ZombieIdleCutTest {

    private static final String TOPIC = "zombie.events";
    private static final String PREFIX = "zombie-cut";
    private static final Schema VALUE = SchemaBuilder.struct().name("zombie.Value")
            .field("id", Schema.INT64_SCHEMA).build();

    @Test
    void aZombiesIdleCutLeavesTheNewOwnersLargerObjectAlone(LocalStack stack) {
        stack.s3().createBucket(S3Objects.BUCKET);
        S3SinkConfig config = new S3SinkConfig(config(stack));
        try (TaskWriter zombie = new TaskWriter(config, "zombie");
                TaskWriter owner = new TaskWriter(config, "owner")) {
            for (long offset = 0; offset < 5; offset++) {
                zombie.writer.write(record(offset));
            }
            for (long offset = 0; offset < 10; offset++) {
                owner.writer.write(record(offset));
            }
            owner.awaitUploads();
            assertThat(S3Objects.keys(stack, PREFIX + "/")).hasSize(1);

            Await.sleep(Duration.ofMillis(400));
            zombie.writer.closeIdle();
            zombie.awaitUploads();
        }

        List<String> keys = S3Objects.keys(stack, PREFIX + "/");
        assertThat(keys).hasSize(1);
        assertThat(S3Objects.avro(stack, keys.get(0))).hasSize(10);
        assertThat(stack.s3().listKeys(S3Objects.BUCKET, PREFIX + "/_cdcflow/idle-cuts/")).isEmpty();
    }

    private static SinkRecord record(long offset) {
        return new SinkRecord(TOPIC, 0, null, null, VALUE, new Struct(VALUE).put("id", offset), offset,
                1_765_000_000_000L + offset, TimestampType.CREATE_TIME);
    }

    private static Map<String, String> config(LocalStack stack) {
        Map<String, String> config = TaskWriter.settings(stack, PREFIX);
        config.put("path.format", "${topic}");
        config.put("flush.records", "10");
        config.put("flush.span.ms", "0");
        config.put("flush.idle.ms", "200");
        return config;
    }
}
