package dev.cdcflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * An SMT that changes only a record's partition (a re-keying router, say) while the topic stays: the folder follows
 * the partition after the SMT for each record, even inside one run of records read from one partition, and every
 * record is in exactly one object.
 */
@LocalStackTest
class PartitionRoutingTest {

    private static final String TOPIC = "routed.events";
    private static final String PREFIX = "partition-routing";
    private static final Schema VALUE = SchemaBuilder.struct().name("routed.Value")
            .field("id", Schema.INT64_SCHEMA).build();

    @Test
    void eachRecordGoesToTheFolderOfItsRoutedPartition(LocalStack stack) {
        stack.s3().createBucket(S3Objects.BUCKET);
        Map<String, String> settings = TaskWriter.settings(stack, PREFIX);
        settings.put("path.format", "${topic}/p${partition}");
        settings.put("flush.records", "10");
        try (TaskWriter task = new TaskWriter(new S3SinkConfig(settings), "routing")) {
            for (long offset = 0; offset < 10; offset++) {
                task.writer.write(routed(offset, (int) (offset % 2)));
            }
            task.awaitUploads();
        }

        Map<String, List<Long>> idsByFolder = new TreeMap<>();
        for (String key : S3Objects.keys(stack, PREFIX + "/")) {
            String folder = key.substring(0, key.lastIndexOf('/'));
            for (GenericRecord record : S3Objects.avro(stack, key)) {
                idsByFolder.computeIfAbsent(folder, any -> new ArrayList<>()).add((Long) record.get("id"));
            }
        }
        assertThat(idsByFolder).isEqualTo(Map.of(
                PREFIX + "/" + TOPIC + "/p0", List.of(0L, 2L, 4L, 6L, 8L),
                PREFIX + "/" + TOPIC + "/p1", List.of(1L, 3L, 5L, 7L, 9L)));
    }

    /** A record read from partition 0 at {@code offset}, as an SMT that moved it to {@code partition} leaves it. */
    private static SinkRecord routed(long offset, int partition) {
        SinkRecord read = new SinkRecord(TOPIC, 0, null, null, VALUE, new Struct(VALUE).put("id", offset), offset,
                1_765_000_000_000L + offset, TimestampType.CREATE_TIME);
        return read.newRecord(TOPIC, partition, read.keySchema(), read.key(), read.valueSchema(), read.value(),
                read.timestamp());
    }
}
