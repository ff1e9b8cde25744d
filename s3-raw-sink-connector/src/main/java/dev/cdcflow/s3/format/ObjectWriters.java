package dev.cdcflow.s3.format;

import dev.cdcflow.s3.FileFormat;
import dev.cdcflow.s3.S3SinkConfig;
import dev.cdcflow.s3.stage.MemoryBudget;
import dev.cdcflow.s3.stage.S3Store;
import dev.cdcflow.s3.stage.SpillSpace;
import dev.cdcflow.s3.stage.StagedObject;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Opens object writers in the configured format, their bytes staged against the task's memory budget. */
public final class ObjectWriters {

    /** The most bytes one write adds to a buffer: an Avro block (twice the sync interval, records included). */
    public static final long LARGEST_WRITE = 2L * AvroObjectWriter.SYNC_INTERVAL;

    private final FileFormat format;
    private final CodecFactory avroCodec;
    private final CompressionCodecName parquetCodec;
    private final S3Store store;
    private final MemoryBudget budget;
    private final long partSize;
    private final SpillSpace spillSpace;

    public ObjectWriters(S3SinkConfig config, S3Store store, MemoryBudget budget, SpillSpace spillSpace) {
        this.format = config.format();
        this.avroCodec = config.avroCodec().factory();
        this.parquetCodec = config.parquetCodec().codecName();
        this.store = store;
        this.budget = budget;
        this.partSize = config.partSize();
        this.spillSpace = spillSpace;
    }

    public String extension() {
        return format.extension();
    }

    public ObjectWriter open(String key, Schema schema) {
        StagedObject output = new StagedObject(key, store, budget, partSize, spillSpace, true);
        // A switch over every format: one added to FileFormat does not compile until it is written here.
        return switch (format) {
            case AVRO -> new AvroObjectWriter(output, schema, avroCodec);
            case PARQUET -> new ParquetObjectWriter(new StagedObject(key + ".staging", store, budget, partSize,
                    spillSpace, false), output, schema, parquetCodec, budget);
        };
    }
}
