package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.clickhouse.write.TableWriter;
import dev.cdcflow.common.SchemaNames;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** When the writer inserts (rows, bytes, wait), and what a row that cannot be encoded does to its batch. */
@LocalStackTest
class BatchingTest {

    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    private static final Schema VALUE = SchemaBuilder.struct().name("items.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("label", Schema.STRING_SCHEMA)
            .field("price", Decimal.builder(2).parameter(SchemaNames.DECIMAL_PRECISION_PARAMETER, "6").build())
            .field("_version", Schema.INT64_SCHEMA)
            .build();

    @Test
    void aBatchIsDueWhenTheBufferedBytesReachTheCapAndNotBefore(LocalStack stack) {
        try (InProcessWriter sink = writer(stack, "batch_bytes", Map.of("batch.max.bytes", "2048"), null)) {
            TableWriter writer = sink.writer();
            String label = "x".repeat(100);
            int added = 0;
            while (writer.bufferedBytes() + 150 < 2048) {
                writer.add(record("batch_bytes.public.items", added, label, "1.00"));
                added++;
            }
            assertThat(writer.isDue()).as("below the cap").isFalse();
            assertThat(count(stack, "batch_bytes.items")).as("adding writes nothing").isZero();

            while (!writer.isDue()) {
                writer.add(record("batch_bytes.public.items", added++, label, "1.00"));
            }
            assertThat(writer.bufferedBytes()).isGreaterThanOrEqualTo(2048);
            assertThat(writer.flushAll()).containsEntry(new TopicPartition("batch_bytes.public.items", 0),
                    (long) added - 1);
            assertThat(writer.bufferedBytes()).isZero();
            assertThat(count(stack, "batch_bytes.items")).isEqualTo(added);
            assertThat(offsetsStored(stack, "batch_bytes")).isEqualTo(added);
        }
    }

    @Test
    void aBatchIsDueOnceItsOldestRowHasWaitedLongEnough(LocalStack stack) {
        try (InProcessWriter patient = writer(stack, "batch_wait", Map.of("batch.max.wait.ms", "3600000"), null)) {
            patient.writer().add(record("batch_wait.public.items", 1, "a", "1.00"));
            assertThat(patient.writer().isDue()).isFalse();
        }
        try (InProcessWriter eager = writer(stack, "batch_wait", Map.of("batch.max.wait.ms", "0"), null)) {
            assertThat(eager.writer().isDue()).as("nothing taken").isFalse();
            eager.writer().add(record("batch_wait.public.items", 2, "b", "2.00"));
            assertThat(eager.writer().isDue()).isTrue();
        }
    }

    @Test
    void aTombstoneCountsAsTakenAndWritesNoRow(LocalStack stack) {
        try (InProcessWriter sink = writer(stack, "batch_tomb", Map.of(), null)) {
            TableWriter writer = sink.writer();
            writer.add(record("batch_tomb.public.items", 1, "a", "1.00"));
            writer.add(new SinkRecord("batch_tomb.public.items", 0, KEY, new Struct(KEY).put("id", 1L), null, null, 2));
            assertThat(writer.firstBuffered()).containsEntry(new TopicPartition("batch_tomb.public.items", 0), 1L);
            assertThat(writer.flushAll()).containsEntry(new TopicPartition("batch_tomb.public.items", 0), 2L);
            assertThat(count(stack, "batch_tomb.items")).isEqualTo(1);
        }
    }

    @Test
    void aRowThatFailsHalfEncodedLeavesTheRestOfItsBatchIntact(LocalStack stack) {
        List<Long> failed = new ArrayList<>();
        try (InProcessWriter sink = writer(stack, "batch_enc", Map.of(), failed)) {
            TableWriter writer = sink.writer();
            writer.add(record("batch_enc.public.items", 1, "first", "1.00"));
            // Decimal(6, 2) holds at most 9999.99: the id and label are encoded before the price fails.
            writer.add(record("batch_enc.public.items", 2, "too wide", "123456789.00"));
            writer.add(record("batch_enc.public.items", 3, "third", "3.00"));
            writer.flushAll();
        }
        assertThat(failed).containsExactly(2L);
        assertThat(stack.clickHouse().rows("SELECT id, label, price FROM batch_enc.items ORDER BY id"))
                .containsExactly(List.of("1", "first", "1.00"), List.of("3", "third", "3.00"));
    }

    /** @param failedOffsets collects the offsets of records that cannot be written; null: such a record throws */
    private static InProcessWriter writer(LocalStack stack, String database, Map<String, String> settings,
                                          List<Long> failedOffsets) {
        return new InProcessWriter(stack, database, settings, (record, table, error) -> {
            if (failedOffsets == null) {
                throw error;
            }
            failedOffsets.add(record.kafkaOffset());
        });
    }

    private static SinkRecord record(String topic, long id, String label, String price) {
        Struct value = new Struct(VALUE).put("id", id).put("label", label).put("price", new BigDecimal(price))
                .put("_version", 1L);
        return new SinkRecord(topic, 0, KEY, new Struct(KEY).put("id", id), VALUE, value, id);
    }

    private static long count(LocalStack stack, String table) {
        try {
            return Long.parseLong(stack.clickHouse().scalar("SELECT count() FROM " + table));
        } catch (IllegalStateException noTableYet) {
            return 0;
        }
    }

    /** The offsets the writer stored, as a count of records (offsets start at 0). */
    private static long offsetsStored(LocalStack stack, String database) {
        return Long.parseLong(stack.clickHouse().scalar("SELECT max(offset) + 1 FROM " + database
                + "._cdcflow_offsets WHERE connector = 'in-process'"));
    }
}
