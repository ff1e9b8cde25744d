package dev.cdcflow.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.kafka.common.TopicPartition;

/**
 * What one task has written to one stage table since its last commit: Parquet data files, one or more per partition
 * of the table, and for each Kafka partition the first offset written and the next one.
 */
final class TableBuffer {

    /** The files of one commit and the Kafka offsets they cover. */
    record Batch(List<DataFile> files, Map<TopicPartition, Long> firstOffsets, Map<TopicPartition, Long> nextOffsets,
                 long records) {
    }

    private final Table table;
    private final int taskNumber;
    private final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private FanoutDataWriter<Record> writer;
    private PartitionKey partitionKey;
    private InternalRecordWrapper wrapper;
    private long records;
    private long batchNumber;

    TableBuffer(Table table, int taskNumber) {
        this.table = table;
        this.taskNumber = taskNumber;
    }

    Table table() {
        return table;
    }

    /** Whether there is nothing to commit: no rows written and no offsets passed over. */
    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    /**
     * Passes over a record that has no row here (it went to the dead letter queue): its offset is committed with
     * the next batch, so a restart does not reject it again.
     */
    void skip(TopicPartition partition, long offset) {
        firstOffsets.putIfAbsent(partition, offset);
        nextOffsets.put(partition, offset + 1);
    }

    /** Writes a record from {@code partition} at {@code offset}. */
    void write(Record record, TopicPartition partition, long offset) {
        if (writer == null) {
            open();
        }
        partitionKey.partition(wrapper.wrap(record));
        writer.write(record, table.spec(), partitionKey.copy());
        firstOffsets.putIfAbsent(partition, offset);
        nextOffsets.put(partition, offset + 1);
        records++;
    }

    /** Closes the files written so far and hands them over with their offsets; the buffer is empty again. */
    Batch complete() {
        List<DataFile> files = List.of();
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the data files of " + table.name(), e);
            }
            files = List.copyOf(writer.result().dataFiles());
        }
        Batch batch = new Batch(files, Map.copyOf(firstOffsets), Map.copyOf(nextOffsets), records);
        reset();
        return batch;
    }

    /**
     * Drops what was written: the files are closed and deleted, nothing of them is committed. Returns, per Kafka
     * partition, the first offset that was in it: where to read again from.
     */
    Map<TopicPartition, Long> abort() {
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
        OutputFileFactory files = OutputFileFactory.builderFor(table, taskNumber, ++batchNumber)
                .format(FileFormat.PARQUET).operationId(UUID.randomUUID().toString()).build();
        long targetSize = PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        writer = new FanoutDataWriter<>(new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET)
                .dataSchema(table.schema()).build(), files, table.io(), targetSize);
        partitionKey = new PartitionKey(table.spec(), table.schema());
        wrapper = new InternalRecordWrapper(table.schema().asStruct());
    }

    private void reset() {
        writer = null;
        firstOffsets.clear();
        nextOffsets.clear();
        records = 0;
    }
}
