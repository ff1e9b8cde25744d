package dev.cdcflow.s3.format;

import dev.cdcflow.s3.S3SinkConfig;
import dev.cdcflow.s3.stage.MemoryBudget;
import dev.cdcflow.s3.stage.StagedObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet file. A Parquet writer holds a whole row group on the heap, which memory pressure cannot move out, so
 * while the file is open its records are staged as Avro (spillable like any buffer); closing the file converts them
 * into Parquet, one file at a time, uploading parts as the output grows.
 */
public final class ParquetObjectWriter implements ObjectWriter {

    /** Row group size: bounds the heap of the one conversion that runs at a time. */
    static final int ROW_GROUP_BYTES = 8 * 1024 * 1024;

    private final StagedObject staging;
    private final StagedObject output;
    private final Schema schema;
    private final CompressionCodecName codec;
    private final MemoryBudget budget;
    private final AvroObjectWriter stagingWriter;
    private boolean converted;

    /**
     * @param staging local buffer for the records while the file is open (never uploaded)
     * @param output  the object in S3
     */
    public ParquetObjectWriter(StagedObject staging, StagedObject output, Schema schema, CompressionCodecName codec,
                               MemoryBudget budget) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new DataException("Parquet files need records with a struct schema, not " + schema.getType()
                    + " (values without a schema): use envelope=true or format=avro");
        }
        this.staging = staging;
        this.output = output;
        this.schema = schema;
        this.codec = codec;
        this.budget = budget;
        this.stagingWriter = new AvroObjectWriter(staging, schema, CodecFactory.nullCodec());
    }

    @Override
    public String key() {
        return output.key();
    }

    @Override
    public void write(Object datum) {
        stagingWriter.write(datum);
    }

    @Override
    public long bytes() {
        return stagingWriter.bytes();
    }

    @Override
    public long heapBytes() {
        return staging.heapBytes() + output.heapBytes();
    }

    @Override
    public boolean relieve() {
        return staging.relieve() & output.relieve();
    }

    @Override
    public void close() {
        stagingWriter.close();
        if (converted) {
            return;
        }
        Configuration conf = new Configuration(false);
        // Three-level lists, as current readers (Spark, Trino, DuckDB, Iceberg) expect.
        conf.setBoolean("parquet.avro.write-old-list-structure", false);
        try (InputStream in = staging.content();
             DataFileStream<GenericRecord> records = new DataFileStream<>(in, new GenericDatumReader<>(schema));
             ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new StagedOutputFile())
                     .withSchema(schema).withConf(conf).withCompressionCodec(codec)
                     .withRowGroupSize((long) ROW_GROUP_BYTES).build()) {
            for (GenericRecord record : records) {
                writer.write(record);
                if (budget.exceeded() && !output.relieve()) {
                    // The output is what grows here: a part when it holds one, else the disk.
                    throw new ConnectException("The spill space is full while " + output.key() + " is converted "
                            + "to Parquet: raise " + S3SinkConfig.SPILL_MAX_BYTES_CONFIG + " or buffer.max.bytes");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Parquet for " + output.key(), e);
        }
        staging.abort();
        converted = true;
    }

    @Override
    public void createOnly() {
        output.createOnly();
    }

    @Override
    public boolean upload() {
        return output.upload();
    }

    @Override
    public void abort() {
        stagingWriter.abort();
        output.abort();
    }

    /** Parquet's view of the output object. */
    private final class StagedOutputFile implements OutputFile {

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return output.size();
                }

                @Override
                public void write(int b) {
                    output.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    output.write(bytes, offset, length);
                }

                @Override
                public void close() {
                    output.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return ROW_GROUP_BYTES;
        }

        @Override
        public String getPath() {
            return output.key();
        }
    }
}
