package dev.cdcflow.iceberg.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.StructLikeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * What one task has written to one stage table since its last commit: Parquet data files, one or more per partition
 * of the table, and for each Kafka partition the first offset written and the position after the last.
 */
public final class TableBuffer {

    private final Table table;
    private final int taskNumber;
    private final Consumer<Table> beforeOpen;
    private final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    private final Map<TopicPartition, Position> ends = new HashMap<>();
    private FanoutDataWriter<Record> writer;
    /** The schema and spec the open files are written with, fixed until they are committed. */
    private Schema schema;
    private PartitionSpec spec;
    private PartitionKey partitionKey;
    private InternalRecordWrapper wrapper;
    private long records;
    /** The partitions of the table with a file open, and the estimated bytes of the rows in open files. */
    private StructLikeSet openPartitions;
    private long rowBytes;
    private long openFileBytes;
    private long batchNumber;

    /**
     * @param beforeOpen run on the refreshed table before new files are opened: brings its schema to what the stage
     *                   needs (another writer may have changed it since)
     */
    public TableBuffer(Table table, int taskNumber, Consumer<Table> beforeOpen) {
        this.table = table;
        this.taskNumber = taskNumber;
        this.beforeOpen = beforeOpen;
    }

    /** The schema rows are to be made with: the one the open files are written with. */
    public Schema rowSchema() {
        if (writer == null) {
            open();
        }
        return schema;
    }

    public Table table() {
        return table;
    }

    /** Whether there is nothing to commit: no rows written and no offsets passed over. */
    public boolean isEmpty() {
        return ends.isEmpty();
    }

    /**
     * The heap the open files take, estimated: the rows' bytes (as plain values, before Parquet's encoding and
     * compression) and a fixed share per open file (its column buffers and compressor).
     */
    public long estimatedBytes() {
        return openPartitions == null ? 0 : rowBytes + openPartitions.size() * openFileBytes;
    }

    /** Per Kafka partition in the buffer, the first offset in it. */
    public Map<TopicPartition, Long> firstOffsets() {
        return firstOffsets;
    }

    /**
     * Passes over a record that has no row here (it went to the dead letter queue): its offset is committed with
     * the next batch, so a restart does not reject it again.
     */
    public void skip(TopicPartition partition, long offset, long timestamp) {
        firstOffsets.putIfAbsent(partition, offset);
        ends.put(partition, new Position(offset + 1, timestamp));
    }

    /** Writes a record read from {@code partition} at {@code offset}, with the Kafka {@code timestamp}. */
    public void write(Record record, TopicPartition partition, long offset, long timestamp) {
        if (writer == null) {
            open();
        }
        partitionKey.partition(wrapper.wrap(record));
        PartitionKey key = partitionKey.copy();
        writer.write(record, spec, key);
        openPartitions.add(key);
        rowBytes += RowSize.estimate(record);
        firstOffsets.putIfAbsent(partition, offset);
        ends.put(partition, new Position(offset + 1, timestamp));
        records++;
    }

    /** Closes the files written so far and hands them over with their offsets; the buffer is empty again. */
    public Batch complete() {
        List<DataFile> files = List.of();
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the data files of " + table.name(), e);
            }
            files = List.copyOf(writer.result().dataFiles());
        }
        Batch batch = new Batch(files, firstOffsets, ends, records);
        reset();
        return batch;
    }

    /**
     * Drops what was written: the files are closed and deleted, nothing of them is committed. Returns, per Kafka
     * partition, the first offset that was in it: where to read again from.
     */
    public Map<TopicPartition, Long> abort() {
        Map<TopicPartition, Long> dropped = Map.copyOf(firstOffsets);
        if (writer != null) {
            try {
                writer.close();
                writer.result().dataFiles().forEach(file -> table.io().deleteFile(file.location()));
            } catch (IOException | RuntimeException e) {
                // Best effort: an unreferenced file is harmless, and Iceberg's orphan-file removal finds it.
            }
        }
        reset();
        return dropped;
    }

    private void open() {
        table.refresh();
        beforeOpen.accept(table);
        schema = table.schema();
        spec = table.spec();
        OutputFileFactory files = OutputFileFactory.builderFor(table, taskNumber, ++batchNumber)
                .format(FileFormat.PARQUET).operationId(UUID.randomUUID().toString()).build();
        long targetSize = PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        writer = new FanoutDataWriter<>(new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET)
                .dataSchema(schema).build(), files, table.io(), targetSize);
        partitionKey = new PartitionKey(spec, schema);
        wrapper = new InternalRecordWrapper(schema.asStruct());
        openPartitions = StructLikeSet.create(spec.partitionType());
        openFileBytes = RowSize.openFileBytes(PropertyUtil.propertyAsLong(table.properties(),
                TableProperties.PARQUET_PAGE_SIZE_BYTES, TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT));
    }

    private void reset() {
        writer = null;
        openPartitions = null;
        rowBytes = 0;
        firstOffsets.clear();
        ends.clear();
        records = 0;
    }
}
