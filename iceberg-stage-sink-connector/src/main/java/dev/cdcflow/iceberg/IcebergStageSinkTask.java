package dev.cdcflow.iceberg;

import dev.cdcflow.common.Backoff;
import dev.cdcflow.common.ErrantRecords;
import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.common.metrics.TaskGauges;
import dev.cdcflow.iceberg.catalog.StageTableMismatchException;
import dev.cdcflow.iceberg.commit.Batch;
import dev.cdcflow.iceberg.commit.CommitSchedule;
import dev.cdcflow.iceberg.commit.Position;
import dev.cdcflow.iceberg.commit.TableBuffer;
import dev.cdcflow.iceberg.commit.TableCommitter;
import dev.cdcflow.iceberg.commit.TableOffsets;
import dev.cdcflow.iceberg.stage.StageConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each topic's rows into its stage table ({@link RecordIntake}) and commits them, with the Kafka positions they
 * take the table to, once per commit interval. Where each partition resumes is what the tables hold ({@link
 * TableOffsets}), not the consumer group: records below a table's position are skipped (see {@link PartitionProgress}),
 * and a commit finds the table where the task last saw it or is refused ({@link TableCommitter}).
 *
 * <p>Failures of the catalog or S3: a data file that cannot be written drops the table's uncommitted files and rewinds
 * their partitions to the first record in them; a commit that failed, or whose outcome is unknown, is kept and tried
 * again before any new record is taken. Meanwhile the records of each put are handed back (the consumer is sought to
 * them) and the partitions paused for a back-off; the task never throws Connect's RetriableException, whose redelivery
 * of the last records would race with those seeks.
 */
public class IcebergStageSinkTask extends SinkTask {

    /** The connector's name (it keys its positions in the tables) where Connect gives none. */
    static final String DEFAULT_NAME = "iceberg-stage";
    private static final Logger LOG = LoggerFactory.getLogger(IcebergStageSinkTask.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;

    private IcebergStageConfig config;
    private String connector;
    private int taskNumber;
    /** The stage tables, and what the task wrote to each since its last commit. */
    private StageBuffers buffers;
    /** The batches still to commit, and when the next regular commit is due. */
    private CommitSchedule schedule;
    /** What commits tell the partitions' progress and the metrics. */
    private final CommitSchedule.Listener commits = new CommitSchedule.Listener() {
        @Override
        public Map<TopicPartition, Position> expected(String table, Set<TopicPartition> partitions) {
            return progress.stored(table, partitions);
        }

        @Override
        public void committed(String table, Batch batch) {
            progress.committed(table, batch);
            metrics.committed(batch);
        }

        @Override
        public void refused(String table, Batch batch, Map<TopicPartition, Position> now) {
            progress.refused(table, batch, now);
            metrics.commitFailed();
        }
    };
    private final PartitionProgress progress = new PartitionProgress();
    /** What becomes of each record given. */
    private RecordIntake intake;
    /** The wait before the next try after a failure of the catalog or S3: doubles up to a cap, reset on success. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(MIN_BACKOFF_MS), Duration.ofMillis(MAX_BACKOFF_MS));
    /** The back-off of the last failure of the catalog or S3. */
    private long retryWaitMs;
    /** Partitions waiting out a back-off after a failure, paused in Connect meanwhile. */
    private final PausedPartitions paused = new PausedPartitions();
    private final StageMetrics metrics = new StageMetrics();
    /** Whether the open files reached the heap cap once (the first time is logged). */
    private boolean heapCapReached;
    private TaskGauges gauges;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new IcebergStageConfig(props);
        StageConfig stage = config.stageConfig();
        connector = TaskConfigs.connectorName(props, DEFAULT_NAME);
        taskNumber = TaskConfigs.taskNumber(props);
        buffers = new StageBuffers(config, stage, taskNumber);
        intake = new RecordIntake(stage, config.tableNames(), progress, buffers, this::reject, this::dropAndRewind,
                "Task " + taskNumber + " of " + connector);
        schedule = new CommitSchedule(new TableCommitter(connector), config.commitIntervalMs(),
                config.bufferMaxBytes(), System.currentTimeMillis());
        gauges = TaskGauges.open(context, "IcebergStageSinkTask", connector, taskNumber);
        metrics.register(gauges);
    }

    /**
     * Takes the partitions; where the tables stand in them is read at the next put, so that a rebalance while the
     * catalog is away does not fail the task.
     */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        progress.opened(partitions);
        paused.opened(context, partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        progress.beginPut();
        try {
            paused.resumeDue(context);
            if (!commitPending() || !readPositions()) {
                handBack(records);
                return;
            }
            List<SinkRecord> batch = records instanceof List<SinkRecord> list ? list : List.copyOf(records);
            for (int i = 0; i < batch.size(); i++) {
                intake.take(batch.get(i));
                if (schedule.full(buffers.bytes()) && !commitEarly()) {
                    // The heap cap is reached and what is open cannot be committed yet: the rest waits.
                    handBack(batch.subList(i + 1, batch.size()));
                    return;
                }
            }
            if (schedule.due(System.currentTimeMillis(), buffers.bytes())) {
                commitAll();
            }
        } finally {
            progress.takeSeeks().forEach(context::offset);
        }
    }

    /**
     * Commits when the interval is over, then tells Connect to commit what the tables hold, so the consumer group
     * follows them (never past a record in a buffer or a pending commit). Never throws: Connect would rewind the
     * consumer under the records already buffered; a failed commit is left for the next put.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        if (!schedule.hasPending() && paused.isEmpty() && schedule.due(System.currentTimeMillis(), buffers.bytes())) {
            commitAll();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = progress.committable(firstUncommitted(), current);
        progress.takeSeeks().forEach(context::offset);
        return offsets;
    }

    /**
     * Commits what was written before the partitions go; the next owner resumes from the tables. When that fails,
     * everything uncommitted is dropped, and the partitions the task keeps are sought back to their first dropped
     * record and read again from the tables (a commit of unknown outcome may have gone in).
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (!commitAll()) {
            LOG.warn("Task {} of {}: the last commit before {} were closed failed; they resume from what the tables "
                    + "hold", taskNumber, connector, partitions);
            Map<TopicPartition, Long> firstDropped = firstUncommitted();
            schedule.clear();
            buffers.abortAll();
            partitions.forEach(firstDropped::remove);
            progress.lost(firstDropped);
        }
        progress.closed(partitions);
        paused.forget(partitions);
        intake.closed(partitions);
        progress.takeSeeks().forEach(context::offset);
    }

    @Override
    public void stop() {
        if (buffers != null) {
            buffers.close();
        }
        if (gauges != null) {
            gauges.close();
        }
    }

    /**
     * Reads where every stage table stands in the partitions given to the task since the last put; false (the
     * catalog is away: the partitions wait) when it cannot.
     */
    private boolean readPositions() {
        Set<TopicPartition> unread = progress.unread();
        if (unread.isEmpty()) {
            return true;
        }
        try {
            Map<TopicPartition, Map<String, Position>> byPartition = buffers.positions(connector, unread);
            byPartition.forEach(progress::read);
            LOG.info("Task {} of {} resumes {} where the stage tables stand: {}", taskNumber, connector, unread,
                    byPartition);
            backoff.reset();
            return true;
        } catch (StageTableMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            waitAfter("the catalog cannot be reached", e);
            return false;
        }
    }

    /** Commits before the interval is over, as the open files reached the heap cap; said once per task. */
    private boolean commitEarly() {
        if (!heapCapReached) {
            heapCapReached = true;
            LOG.info("Task {} of {}: the open files reached {} ({} bytes); the task commits when they do, before {} "
                    + "is over (raise it for fewer, larger commits)", taskNumber, connector,
                    IcebergStageConfig.BUFFER_MAX_BYTES_CONFIG, config.bufferMaxBytes(),
                    IcebergStageConfig.COMMIT_INTERVAL_MS_CONFIG);
        }
        return commitAll();
    }

    /** Completes and commits every table's buffer; false when a commit is still to be made. */
    private boolean commitAll() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, TableBuffer> entry : buffers.all()) {
            if (!entry.getValue().isEmpty()) {
                try {
                    schedule.add(entry.getKey(), entry.getValue().complete(), now);
                } catch (RuntimeException e) {
                    dropAndRewind(entry.getKey(), Map.of(), e);
                }
            }
        }
        schedule.restart(now);
        return commitPending();
    }

    /**
     * Commits the pending batches, in order; stops at the first that fails (it stays pending, to be given again
     * after a back-off) and returns false.
     */
    private boolean commitPending() {
        if (!schedule.hasPending()) {
            return true;
        }
        try {
            schedule.commitPending(name -> buffers.get(name).table(), commits);
            backoff.reset();
            return true;
        } catch (StageTableMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.commitFailed();
            waitAfter("a commit failed", e);
            return false;
        }
    }

    /** Per partition, the first offset in a buffer or a pending batch: Connect must not commit past it. */
    private Map<TopicPartition, Long> firstUncommitted() {
        Map<TopicPartition, Long> first = schedule.firstOffsets();
        buffers.firstOffsets().forEach((partition, offset) -> first.merge(partition, offset, Math::min));
        return first;
    }

    /**
     * The records of this put are not taken: each partition is sought back to its first record in it, and every
     * partition the task has is paused for the back-off.
     */
    private void handBack(Collection<SinkRecord> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (SinkRecord record : records) {
            first.putIfAbsent(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset());
        }
        progress.handedBack(first);
        paused.pause(context, context.assignment(), retryWaitMs);
    }

    /**
     * Drops a table's buffer whose files could not be written, rewinds its partitions to the first record in it (or
     * to {@code current}, the record that failed, for a partition with nothing in it yet) and pauses them for the
     * back-off. The other tables' partitions go on meanwhile.
     */
    private void dropAndRewind(String name, Map<TopicPartition, Long> current, RuntimeException cause) {
        TableBuffer buffer = buffers.get(name);
        Map<TopicPartition, Long> rewindTo = new HashMap<>(current);
        rewindTo.putAll(buffer.abort());
        long wait = backoff.nextMs();
        LOG.warn("Task {} of {}: writing {} failed ({}); its uncommitted files are dropped and {} rewound and "
                + "paused for {} ms", taskNumber, connector, buffer.table().name(), cause.getMessage(), rewindTo,
                wait);
        progress.dropped(name, rewindTo);
        paused.pause(context, rewindTo.keySet(), wait);
    }

    private void waitAfter(String what, RuntimeException cause) {
        retryWaitMs = backoff.nextMs();
        LOG.warn("Task {} of {}: {} ({}); trying again in {} ms", taskNumber, connector, what, cause.getMessage(),
                retryWaitMs);
        context.timeout(retryWaitMs);
    }

    private void reject(SinkRecord record, String reason) {
        metrics.rejected();
        new ErrantRecords(context).report(record, new DataException(reason));
    }
}
