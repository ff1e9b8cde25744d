package dev.cdcflow.iceberg;

import dev.cdcflow.common.ChangeMarkers;
import dev.cdcflow.common.IdentityCache;
import dev.cdcflow.common.config.TableNames;
import dev.cdcflow.iceberg.catalog.StageTableMismatchException;
import dev.cdcflow.iceberg.commit.Position;
import dev.cdcflow.iceberg.commit.StorageFailures;
import dev.cdcflow.iceberg.commit.TableBuffer;
import dev.cdcflow.iceberg.stage.SourceCheck;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.iceberg.stage.StageTable;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.data.Record;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of each record a stage task is given: written to its stage table's buffer; passed over (taken
 * already, a column change, a row rejected before), its offset kept for the table's next commit; or sent to the
 * dead letter queue with the reason (no stage table, a value the table cannot take). A failure of the storage is
 * handed to the task, which drops the table's buffer and rewinds.
 */
final class RecordIntake {

    /** Where rows the stage cannot take go, with the reason. */
    interface Rejects {
        void reject(SinkRecord record, String reason);
    }

    /** What the task does when a table's files cannot be opened or written (S3 or the catalog away). */
    interface StorageFailure {
        /**
         * @param current the record that failed, per partition, for a partition with nothing in the buffer yet
         */
        void failed(String table, Map<TopicPartition, Long> current, RuntimeException cause);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordIntake.class);
    private static final int CHECKED_SCHEMAS_KEPT = 64;

    private final StageConfig stage;
    private final TableNames tableNames;
    private final PartitionProgress progress;
    private final StageBuffers buffers;
    private final Rejects rejects;
    private final StorageFailure storage;
    /** The task, as its log lines name it. */
    private final String task;
    /** Per partition, offsets of rows the dead letter queue has that are to come again (to be passed over). */
    private final Map<TopicPartition, Set<Long>> unwritable = new HashMap<>();
    /** The row schemas already checked against the stage config (converters reuse their schema instances). */
    private final IdentityCache<Schema, Boolean> checkedSchemas = new IdentityCache<>(CHECKED_SCHEMAS_KEPT);

    RecordIntake(StageConfig stage, TableNames tableNames, PartitionProgress progress, StageBuffers buffers,
                 Rejects rejects, StorageFailure storage, String task) {
        this.stage = stage;
        this.tableNames = tableNames;
        this.progress = progress;
        this.buffers = buffers;
        this.rejects = rejects;
        this.storage = storage;
        this.task = task;
    }

    /** The partitions went to another task: the rows of theirs known to be unwritable are its to find again. */
    void closed(Collection<TopicPartition> partitions) {
        partitions.forEach(unwritable::remove);
    }

    /** Takes a record into its table's buffer, or passes over it, or rejects it (each once per offset). */
    void take(SinkRecord record) {
        // Positions as Connect read the record, whatever an SMT renamed: offsets, skips and rewinds use them.
        TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        long offset = record.originalKafkaOffset();
        long timestamp = record.timestamp() == null ? Position.NO_TIMESTAMP : record.timestamp();
        // The table is the one the record is for: the topic after the SMTs, which may route it.
        StageTable table = stage.table(tableNames.tableFor(record.topic()));
        String tableName = table == null ? null : table.name();
        if (record.value() == null
                || progress.admit(partition, tableName, offset, timestamp) == PartitionProgress.Decision.SKIP) {
            return;
        }
        Set<Long> known = unwritable.get(partition);
        if (known != null && known.remove(offset)) {
            // Rejected already: read again only because its table's buffer was dropped with it.
            passOver(partition, tableName, offset, timestamp);
            return;
        }
        if (ChangeMarkers.isColumnChange(record.valueSchema())) {
            // Not a row: the stage config names the columns it keeps, and follows a rename by its own edit.
            LOG.info("A column of the source table of topic '{}' changed: {}", record.topic(), record.value());
            passOver(partition, tableName, offset, timestamp);
            return;
        }
        if (table == null) {
            rejects.reject(record, "No stage table '" + tableNames.tableFor(record.topic()) + "' for topic '"
                    + record.topic() + "' in the stage config (tables: " + stage.tableNames() + ")");
            progress.rejected(partition, offset);
            return;
        }
        warnOnceIfUnfit(record, table);
        write(record, table, partition, offset, timestamp);
    }

    /** Converts the record to the table's row and writes it to the table's buffer. */
    private void write(SinkRecord record, StageTable table, TopicPartition partition, long offset, long timestamp) {
        String tableName = table.name();
        TableBuffer buffer = buffers.get(tableName);
        org.apache.iceberg.Schema rowSchema;
        try {
            // The schema of the buffer's open files: opening them reads the table, which may fail like a write.
            rowSchema = buffer.rowSchema();
        } catch (StageTableMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            storage.failed(tableName, Map.of(partition, offset), e);
            return;
        }
        Record row;
        try {
            row = RecordConverter.convert(record.value(), table, rowSchema);
        } catch (RuntimeException e) {
            // The value, not the storage: the same record fails the same way every time.
            rejects.reject(record, e instanceof IllegalArgumentException ? e.getMessage() : e.toString());
            passOver(partition, tableName, offset, timestamp);
            return;
        }
        try {
            buffer.write(row, partition, offset, timestamp);
            progress.took(partition, tableName, offset);
        } catch (RuntimeException e) {
            if (StorageFailures.isStorage(e)) {
                storage.failed(tableName, Map.of(partition, offset), e);
            } else {
                unwritable(record, tableName, e);
            }
        }
    }

    /**
     * A row the table's files could not take for its value (not for the storage): it goes to the dead letter queue,
     * and the table's buffer, whose files may hold part of it, is dropped and read again without it.
     */
    private void unwritable(SinkRecord record, String tableName, RuntimeException cause) {
        TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        long offset = record.originalKafkaOffset();
        rejects.reject(record, "The row cannot be written to stage table '" + tableName + "': " + cause);
        Map<TopicPartition, Long> rewindTo = buffers.get(tableName).abort();
        LOG.warn("{}: a row of {} at offset {} cannot be written to {} ({}); it went to the dead letter queue, and "
                + "the table's uncommitted rows are read again from {}", task, partition, offset, tableName, cause,
                rewindTo);
        progress.dropped(tableName, rewindTo);
        if (rewindTo.containsKey(partition)) {
            unwritable.computeIfAbsent(partition, unused -> new HashSet<>()).add(offset);
        } else {
            passOver(partition, tableName, offset, record.timestamp() == null ? Position.NO_TIMESTAMP
                    : record.timestamp());
        }
    }

    /** A record with no row in the table: its offset is committed with the table's next batch. */
    private void passOver(TopicPartition partition, String tableName, long offset, long timestamp) {
        if (tableName == null) {
            progress.rejected(partition, offset);
        } else {
            buffers.get(tableName).skip(partition, offset, timestamp);
            progress.took(partition, tableName, offset);
        }
    }

    /**
     * Checks the stage table against each new row schema once: when the config does not fit it (a field missing, a
     * cast impossible), every row of that schema is going to the dead letter queue, and one log line says why.
     */
    private void warnOnceIfUnfit(SinkRecord record, StageTable table) {
        Schema schema = record.valueSchema();
        if (schema != null && schema.type() == Schema.Type.STRUCT && !ChangeMarkers.isTruncate(schema)) {
            checkedSchemas.computeIfAbsent(schema, unchecked -> {
                List<String> problems = SourceCheck.problems(table, unchecked, "topic '" + record.topic() + "'");
                if (!problems.isEmpty()) {
                    LOG.error("The stage config does not fit the rows of topic '{}' (schema {}, version {}); its rows "
                            + "go to the dead letter queue until it does: {}", record.topic(), unchecked.name(),
                            unchecked.version(), String.join("; ", problems));
                }
                return Boolean.TRUE;
            });
        }
    }
}
