package dev.cdcflow.iceberg;

import dev.cdcflow.common.Backoff;
import dev.cdcflow.common.ChangeMarkers;
import dev.cdcflow.common.ErrantRecords;
import dev.cdcflow.common.IdentityCache;
import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.common.config.TableNames;
import dev.cdcflow.common.metrics.TaskGauges;
import dev.cdcflow.iceberg.stage.SourceCheck;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.iceberg.stage.StageTable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each topic's rows into its stage table and commits them, with the Kafka offsets they cover, once per
 * commit interval. Where it resumes is what the tables hold (see {@link CommittedOffsets}), not the consumer group:
 * records below a partition's committed offset are skipped, and a commit that would add records another writer has
 * committed meanwhile is refused and its files deleted.
 *
 * <p>Failures of the catalog or S3: a data file that cannot be written drops the table's uncommitted files and
 * rewinds their partitions to the first record in them; a commit whose outcome is unknown is kept and tried again,
 * before any new record is taken (put throws a RetriableException, so Connect gives the same records again later).
 * A catalog that cannot be reached when the task starts or is given partitions is waited for the same way: nothing
 * is written before the task knows where each partition's table stands.
 */
public class IcebergStageSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergStageSinkTask.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;
    private static final int CHECKED_SCHEMAS_KEPT = 64;

    private IcebergStageConfig config;
    private TableNames tableNames;
    private StageConfig stage;
    private StageCatalog catalog;
    private TableCommitter committer;
    private String connector;
    private int taskNumber;
    private final Map<String, TableBuffer> buffers = new HashMap<>();
    /** Batches whose commit had an unknown outcome, by table: tried again before anything else. */
    private final Map<String, TableBuffer.Batch> pending = new HashMap<>();
    /** Per assigned partition, the next offset its table holds: records below it are in the table already. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /**
     * Per partition of a topic with no stage table (every record rejected), the next offset: only the consumer group
     * can remember it.
     */
    private final Map<TopicPartition, Long> rejectedThrough = new HashMap<>();
    /** Partitions given to the task whose table's offsets it could not read yet (the catalog was away). */
    private final Set<TopicPartition> unresumed = new HashSet<>();
    /** The row schemas already checked against the stage config (converters reuse their schema instances). */
    private final IdentityCache<Schema, Boolean> checkedSchemas = new IdentityCache<>(CHECKED_SCHEMAS_KEPT);
    private long lastCommitMs;
    /** The wait before the next try after a failure of the catalog or S3: doubles up to a cap, reset on success. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(MIN_BACKOFF_MS), Duration.ofMillis(MAX_BACKOFF_MS));
    /** Partitions of tables whose write failed, paused until their back-off is over. */
    private final PausedPartitions paused = new PausedPartitions();
    private final StageMetrics metrics = new StageMetrics();
    private TaskGauges gauges;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new IcebergStageConfig(props);
        stage = config.stageConfig();
        tableNames = config.tableNames();
        connector = TaskConfigs.connectorName(props, "iceberg-stage");
        taskNumber = TaskConfigs.taskNumber(props);
        committer = new TableCommitter(connector);
        lastCommitMs = System.currentTimeMillis();
        gauges = TaskGauges.open(context, "IcebergStageSinkTask", connector, taskNumber);
        metrics.register(gauges);
    }

    /**
     * Resumes each partition where its table says: the table, not the consumer group, knows what is committed. When
     * the catalog cannot be reached, the partitions wait for the first put that can (see {@link #resumeWaiting}).
     */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        partitions.stream().filter(partition -> stage.table(tableNames.tableFor(partition.topic())) != null)
                .forEach(unresumed::add);
        try {
            resume(true);
        } catch (StageTableMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Task {} of {} cannot read where {} stand yet ({}); it waits for the catalog", taskNumber,
                    connector, unresumed, e.getMessage());
        }
    }

    /**
     * Reads the committed offset of every partition still waiting and, after {@link #open}, seeks there. A resume
     * inside put does not seek: Connect would then deliver records this put has already taken; records below the
     * committed offsets are passed over there anyway.
     */
    private void resume(boolean seek) {
        Map<String, List<TopicPartition>> byTable = new HashMap<>();
        unresumed.forEach(partition -> byTable.computeIfAbsent(tableNames.tableFor(partition.topic()),
                name -> new ArrayList<>()).add(partition));
        for (Map.Entry<String, List<TopicPartition>> entry : byTable.entrySet()) {
            Table table = buffer(entry.getKey()).table();
            table.refresh();
            Map<TopicPartition, Long> held = CommittedOffsets.read(table, connector, entry.getValue());
            held.forEach((partition, next) -> {
                committed.put(partition, next);
                if (seek) {
                    context.offset(partition, next);
                }
            });
            entry.getValue().forEach(unresumed::remove);
            LOG.info("Task {} of {} resumes {} at the offsets table {} holds: {}", taskNumber, connector,
                    entry.getValue(), table.name(), held);
        }
    }

    /**
     * Before a put takes any record: the partitions still waiting resumed, and the tables of the batch's topics
     * loaded. When the catalog is away, nothing of the batch is taken and Connect gives it again after a back-off.
     */
    private void resumeWaiting(Collection<SinkRecord> records) {
        try {
            if (!unresumed.isEmpty()) {
                resume(false);
            }
            records.stream().map(record -> tableNames.tableFor(record.topic())).distinct()
                    .filter(name -> stage.table(name) != null).forEach(this::buffer);
            backoff.reset();
        } catch (StageTableMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            long wait = backoff.nextMs();
            LOG.warn("Task {} of {}: the catalog cannot be reached ({}); trying again in {} ms", taskNumber,
                    connector, e.getMessage(), wait);
            context.timeout(wait);
            throw new RetriableException("The catalog cannot be reached: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        paused.resumeDue(context);
        commitPending();
        resumeWaiting(records);
        Set<TopicPartition> rewound = new HashSet<>();
        for (SinkRecord record : records) {
            // Positions as Connect read the record, whatever an SMT renamed: offsets, skips and rewinds use them.
            TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            long offset = record.originalKafkaOffset();
            Long next = committed.get(partition);
            if (rewound.contains(partition) || record.value() == null || (next != null && offset < next)) {
                continue;
            }
            // The table is the one the record is for: the topic after the SMTs, which may route it.
            StageTable table = stage.table(tableNames.tableFor(record.topic()));
            if (ChangeMarkers.isColumnChange(record.valueSchema())) {
                // Not a row: the stage config names the columns it keeps, and follows a rename by its own edit.
                LOG.info("A column of the source table of topic '{}' changed: {}", record.topic(), record.value());
                if (table == null) {
                    rejectedThrough.put(partition, offset + 1);
                } else {
                    buffer(table.name()).skip(partition, offset);
                }
                continue;
            }
            if (table == null) {
                reject(record, "No stage table '" + tableNames.tableFor(record.topic()) + "' for topic '"
                        + record.topic() + "' in the stage config (tables: " + stage.tableNames() + ")");
                rejectedThrough.put(partition, offset + 1);
                continue;
            }
            warnOnceIfUnfit(record, table);
            TableBuffer buffer = buffer(table.name());
            Record row;
            try {
                row = RecordConverter.convert(record.value(), table, buffer.table().schema());
            } catch (IllegalArgumentException e) {
                reject(record, e.getMessage());
                buffer.skip(partition, offset);
                continue;
            }
            try {
                buffer.write(row, partition, offset);
            } catch (RuntimeException e) {
                rewound.addAll(dropAndRewind(buffer, Map.of(partition, offset), e));
            }
        }
        if (System.currentTimeMillis() - lastCommitMs >= config.commitIntervalMs()) {
            commitAll();
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

    /**
     * Tells Connect to commit what the tables hold, so the consumer group follows them. Never throws: Connect would
     * rewind the consumer under the records already buffered; a failed commit is left for the next put.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        if (pending.isEmpty() && System.currentTimeMillis() - lastCommitMs >= config.commitIntervalMs()) {
            try {
                commitAll();
            } catch (RetriableException e) {
                // Pending: put tries it again before it takes new records.
            }
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

    /**
     * Commits what was written before the partitions go; the next owner resumes from the tables. What cannot be
     * committed now is dropped: the tables decide where the next owner starts, so nothing is lost.
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        try {
            commitPending();
            commitAll();
        } catch (RuntimeException e) {
            LOG.warn("Task {} of {}: the last commit before {} were closed failed ({}); they resume from what the "
                    + "tables hold", taskNumber, connector, partitions, e.getMessage());
            pending.clear();
            buffers.values().forEach(TableBuffer::abort);
        }
        partitions.forEach(partition -> {
            committed.remove(partition);
            rejectedThrough.remove(partition);
            unresumed.remove(partition);
        });
        paused.forget(partitions);
    }

    @Override
    public void stop() {
        buffers.values().forEach(TableBuffer::abort);
        buffers.clear();
        if (gauges != null) {
            gauges.close();
        }
        if (catalog != null) {
            try {
                catalog.close();
            } catch (IOException e) {
                LOG.warn("Closing the catalog failed", e);
            }
        }
    }

    private TableBuffer buffer(String name) {
        return buffers.computeIfAbsent(name, table -> new TableBuffer(catalog().table(stage.table(table)),
                taskNumber));
    }

    /** The catalog, opened at first use: a catalog away when the task starts must not fail the task. */
    private StageCatalog catalog() {
        if (catalog == null) {
            catalog = new StageCatalog(config);
        }
        return catalog;
    }

    /** Completes and commits every table's buffer; a buffer whose files cannot be closed is dropped and rewound. */
    private void commitAll() {
        for (Map.Entry<String, TableBuffer> entry : buffers.entrySet()) {
            TableBuffer buffer = entry.getValue();
            if (buffer.isEmpty()) {
                continue;
            }
            TableBuffer.Batch batch;
            try {
                batch = buffer.complete();
            } catch (RuntimeException e) {
                dropAndRewind(buffer, Map.of(), e);
                continue;
            }
            pending.put(entry.getKey(), batch);
        }
        lastCommitMs = System.currentTimeMillis();
        commitPending();
    }

    /**
     * Commits the pending batches. While one's outcome stays unknown, no new record is taken: put throws a
     * RetriableException and Connect gives the same records again after a back-off.
     */
    private void commitPending() {
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, TableBuffer.Batch> entry = it.next();
            Table table = buffers.get(entry.getKey()).table();
            TableBuffer.Batch batch = entry.getValue();
            try {
                if (committer.commit(table, batch) == TableCommitter.Outcome.COMMITTED) {
                    committed.putAll(batch.nextOffsets());
                    metrics.committed(batch);
                } else {
                    metrics.commitFailed();
                    resumeFromTable(table, batch.nextOffsets().keySet());
                }
                it.remove();
                backoff.reset();
            } catch (RuntimeException e) {
                metrics.commitFailed();
                long wait = backoff.nextMs();
                LOG.warn("Task {} of {}: the commit to {} failed ({}); trying again in {} ms", taskNumber, connector,
                        table.name(), e.getMessage(), wait);
                context.timeout(wait);
                throw new RetriableException("The commit to " + table.name() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Drops a buffer whose files could not be written, rewinds its partitions to the first record in it (or to
     * {@code current}, the record that failed, for a partition with nothing in it yet) and pauses them for the
     * back-off; returns those partitions, whose remaining records in this put are to be passed over (Connect
     * delivers them again from there once they are resumed). The other tables' partitions go on meanwhile.
     */
    private Set<TopicPartition> dropAndRewind(TableBuffer buffer, Map<TopicPartition, Long> current,
                                              RuntimeException cause) {
        Map<TopicPartition, Long> rewindTo = new HashMap<>(current);
        rewindTo.putAll(buffer.abort());
        long wait = backoff.nextMs();
        LOG.warn("Task {} of {}: writing {} failed ({}); its uncommitted files are dropped and {} rewound and "
                + "paused for {} ms", taskNumber, connector, buffer.table().name(), cause.getMessage(), rewindTo,
                wait);
        context.offset(rewindTo);
        paused.pause(context, rewindTo.keySet(), wait);
        return rewindTo.keySet();
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
        metrics.rejected();
        new ErrantRecords(context).report(record, new DataException(reason));
    }
}
