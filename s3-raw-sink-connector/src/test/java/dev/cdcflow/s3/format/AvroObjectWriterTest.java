package dev.cdcflow.s3.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import dev.cdcflow.s3.stage.MemoryBudget;
import dev.cdcflow.s3.stage.S3Store;
import dev.cdcflow.s3.stage.SpillSpace;
import dev.cdcflow.s3.stage.StagedObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An Avro file keeps every record whenever memory pressure moves its bytes (before, between, after blocks). */
@LocalStackTest
class AvroObjectWriterTest {

    private static final Schema SCHEMA = SchemaBuilder.record("Row").fields().requiredLong("id")
            .requiredString("pad").endRecord();

    @TempDir
    Path spillDir;

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 5, 12, 29, 30, 45})
    void everyRecordArrivesWhereverTheBytesWereRelieved(int relieveAfter, LocalStack stack) throws IOException {
        stack.s3().createBucket("avro-writer-test");
        S3Store store = new S3Store(stack.s3().client(), "avro-writer-test");
        String key = "relieved-after-" + relieveAfter;
        StagedObject staged = new StagedObject(key, store, new MemoryBudget(1 << 20, 64 << 10), 5 << 20,
                new SpillSpace(spillDir, "test", Long.MAX_VALUE), true);
        AvroObjectWriter writer = new AvroObjectWriter(staged, SCHEMA, CodecFactory.nullCodec());
        for (int i = 0; i < 50; i++) {
            if (i == relieveAfter) {
                writer.relieve();
            }
            GenericData.Record row = new GenericData.Record(SCHEMA);
            row.put("id", (long) i);
            row.put("pad", "x".repeat(1000));
            writer.write(row);
        }
        writer.close();
        writer.upload();

        List<Long> ids = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(
                stack.s3().getObject("avro-writer-test", key)), new GenericDatumReader<>())) {
            reader.forEach(record -> ids.add((Long) record.get("id")));
        }
        assertThat(ids).hasSize(50).startsWith(0L).endsWith(49L);
    }
}
