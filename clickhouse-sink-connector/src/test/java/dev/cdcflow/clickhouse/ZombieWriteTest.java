package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The sink's fence against a zombie, step by step: a task whose partition moved while it still held a buffer (its
 * worker frozen) flushes that buffer after the new owner wrote past it. Rows are versioned by the source and offsets
 * by the offset, so what the zombie writes late neither brings back an old value under FINAL nor moves the stored
 * position back (which would make the next owner read the partition again from there).
 */
@LocalStackTest
class ZombieWriteTest {

    private static final String TOPIC = "zombie_write.public.items";
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    private static final Schema VALUE = SchemaBuilder.struct().name("items.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("label", Schema.STRING_SCHEMA)
            .field("_version", Schema.INT64_SCHEMA)
            .build();

    @Test
    void aZombiesLateFlushBringsBackNoOldValueAndNoOldPosition(LocalStack stack) {
        try (InProcessWriter zombie = writer(stack); InProcessWriter owner = writer(stack)) {
            // Offsets 0-4: five rows as first written (version 1); 5-9: the same rows changed (version 2).
            for (long offset = 0; offset < 5; offset++) {
                zombie.writer().add(record(offset + 1, "first", 1, offset));
            }
            for (long offset = 0; offset < 10; offset++) {
                owner.writer().add(offset < 5 ? record(offset + 1, "first", 1, offset)
                        : record(offset - 4, "changed", 2, offset));
            }
            assertThat(owner.writer().flushAll()).containsEntry(new TopicPartition(TOPIC, 0), 9L);

            // The zombie wakes up later (past the second the offsets table stamps a write with) and flushes what it
            // had buffered: rows and offsets the owner is past.
            Await.sleep(Duration.ofMillis(1100));
            assertThat(zombie.writer().flushAll()).containsEntry(new TopicPartition(TOPIC, 0), 4L);

            assertThat(owner.storedOffsets()).as("where the partition's next owner resumes")
                    .containsOnlyKeys(new TopicPartition(TOPIC, 0))
                    .hasEntrySatisfying(new TopicPartition(TOPIC, 0), stored -> assertThat(stored.offset())
                            .isEqualTo(9L));
        }

        assertThat(stack.clickHouse().rows("SELECT id, label FROM zombie_write.items FINAL ORDER BY id"))
                .containsExactly(List.of("1", "changed"), List.of("2", "changed"), List.of("3", "changed"),
                        List.of("4", "changed"), List.of("5", "changed"));
    }

    private static InProcessWriter writer(LocalStack stack) {
        return new InProcessWriter(stack, "zombie_write", Map.of(), (record, table, error) -> {
            throw error;
        });
    }

    private static SinkRecord record(long id, String label, long version, long offset) {
        Struct value = new Struct(VALUE).put("id", id).put("label", label).put("_version", version);
        return new SinkRecord(TOPIC, 0, KEY, new Struct(KEY).put("id", id), VALUE, value, offset);
    }
}
