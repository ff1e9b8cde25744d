package dev.cdcflow.iceberg;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.iceberg.stage.StageTable;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each topic's rows into its stage table and commits them, with the Kafka offsets they cover, once per
 * commit interval. Where it resumes is what the tables hold (see {@link CommittedOffsets}), not the consumer group:
 * records below a partition's committed offset are skipped, and a commit that would add records another writer has
 * committed meanwhile is refused and its files deleted.
 */
public class IcebergStageSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergStageSinkTask.class);

    private IcebergStageConfig config;
    private StageConfig stage;
    private StageCatalog catalog;
    private String connector;
    private int taskNumber;
    private final Map<String, TableBuffer> buffers = new HashMap<>();
    /** Per assigned partition, the next offset its table holds: records below it are in the table already. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /**
     * Per partition of a topic with no stage table (every record rejected), the next offset: only the consumer group
     * can remember it.
     */
    private final Map<TopicPartition, Long> rejectedThrough = new HashMap<>();
    private long lastCommitMs;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new IcebergStageConfig(props);
        stage = config.stageConfig();
        connector = props.getOrDefault("name", "iceberg-stage");
        taskNumber = Integer.parseInt(props.getOrDefault(IcebergStageSinkConnector.TASK_NUMBER, "0"));
        catalog = new StageCatalog(config);
        lastCommitMs = System.currentTimeMillis();
    }

    /** Resumes each partition where its table says: the table, not the consumer group, knows what is committed. */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<String, List<TopicPartition>> byTable = new HashMap<>();
        for (TopicPartition partition : partitions) {
            String table = TopicNames.tableOf(partition.topic());
            if (stage.table(table) != null) {
                byTable.computeIfAbsent(table, name -> new java.util.ArrayList<>()).add(partition);
            }
        }
        byTable.forEach((name, tablePartitions) -> {
            Table table = buffer(name).table();
            table.refresh();
            CommittedOffsets.read(table, connector, tablePartitions).forEach((partition, next) -> {
                committed.put(partition, next);
                context.offset(partition, next);
            });
        });
        LOG.info("Task {} of {} resumes {} at the offsets its tables hold: {}", taskNumber, connector, partitions,
                committed);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            Long next = committed.get(partition);
            if (record.value() == null || (next != null && record.kafkaOffset() < next)) {
                continue;
            }
            StageTable table = stage.table(TopicNames.tableOf(record.topic()));
            if (table == null) {
                reject(record, "No stage table '" + TopicNames.tableOf(record.topic()) + "' for topic '"
                        + record.topic() + "' in the stage config (tables: " + stage.tableNames() + ")");
                rejectedThrough.put(partition, record.kafkaOffset() + 1);
                continue;
            }
            TableBuffer buffer = buffer(table.name());
            org.apache.iceberg.data.Record row;
            try {
                row = RecordConverter.convert(record.value(), table, buffer.table().schema());
            } catch (IllegalArgumentException e) {
                reject(record, e.getMessage());
                buffer.skip(partition, record.kafkaOffset());
                continue;
            }
            buffer.write(row, partition, record.kafkaOffset());
        }
        if (System.currentTimeMillis() - lastCommitMs >= config.commitIntervalMs()) {
            commitAll();
        }
    }

    /** Tells Connect to commit what the tables hold, so the consumer group follows them. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        if (System.currentTimeMillis() - lastCommitMs >= config.commitIntervalMs()) {
            commitAll();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        current.keySet().forEach(partition -> {
            Long next = committed.getOrDefault(partition, rejectedThrough.get(partition));
            if (next != null) {
                offsets.put(partition, new OffsetAndMetadata(next));
            }
        });
        return offsets;
    }

    /** Commits what was written before the partitions go; the next owner resumes from the tables. */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        commitAll();
        partitions.forEach(partition -> {
            committed.remove(partition);
            rejectedThrough.remove(partition);
        });
    }

    @Override
    public void stop() {
        buffers.values().forEach(TableBuffer::abort);
        buffers.clear();
        if (catalog != null) {
            try {
                catalog.close();
            } catch (IOException e) {
                LOG.warn("Closing the catalog failed", e);
            }
        }
    }

    private TableBuffer buffer(String name) {
        return buffers.computeIfAbsent(name, table -> new TableBuffer(catalog.table(stage.table(table)),
                taskNumber));
    }

    private void commitAll() {
        for (TableBuffer buffer : buffers.values()) {
            if (!buffer.isEmpty()) {
                commit(buffer);
            }
        }
        lastCommitMs = System.currentTimeMillis();
    }

    /**
     * One append of the buffer's files, with the offsets they cover in the snapshot summary, valid only if none of
     * those offsets was committed meanwhile. Refused, its files are deleted and the partitions resume from what the
     * table holds.
     */
    private void commit(TableBuffer buffer) {
        TableBuffer.Batch batch = buffer.complete();
        Table table = buffer.table();
        AppendFiles append = table.newFastAppend();
        batch.files().forEach(append::appendFile);
        Map.Entry<String, String> offsets = CommittedOffsets.summaryEntry(connector, batch.nextOffsets());
        append.set(offsets.getKey(), offsets.getValue());
        append.validateWith(CommittedOffsets.validator(connector, batch.firstOffsets()));
        try {
            append.commit();
            committed.putAll(batch.nextOffsets());
            LOG.info("Committed {} rows in {} data files to {} ({})", batch.records(), batch.files().size(),
                    table.name(), batch.nextOffsets());
        } catch (ValidationException | CommitFailedException e) {
            LOG.warn("Commit to {} refused ({}); its {} data files are deleted and {} resume from the table",
                    table.name(), e.getMessage(), batch.files().size(), batch.nextOffsets().keySet());
            batch.files().stream().map(DataFile::location).forEach(table.io()::deleteFile);
            resumeFromTable(table, batch.nextOffsets().keySet());
        }
    }

    private void resumeFromTable(Table table, Set<TopicPartition> partitions) {
        table.refresh();
        Map<TopicPartition, Long> held = CommittedOffsets.read(table, connector, new HashSet<>(partitions));
        for (TopicPartition partition : partitions) {
            Long next = held.get(partition);
            if (next == null) {
                throw new ConnectException("Table " + table.name() + " holds no offsets of " + partition
                        + " after a refused commit; restart the task");
            }
            committed.put(partition, next);
            context.offset(partition, next);
        }
    }

    private void reject(SinkRecord record, String reason) {
        ErrantRecordReporter reporter = context.errantRecordReporter();
        DataException error = new DataException(reason);
        if (reporter == null) {
            throw error;
        }
        reporter.report(record, error);
    }
}
