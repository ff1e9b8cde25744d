package dev.cdcflow.clickhouse;

import com.clickhouse.client.api.Client;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import dev.cdcflow.clickhouse.write.ClickHouseSql;
import dev.cdcflow.clickhouse.write.OffsetStore;
import dev.cdcflow.clickhouse.write.SinkMetrics;
import dev.cdcflow.clickhouse.write.SinkWriting;
import dev.cdcflow.clickhouse.write.TableManager;
import dev.cdcflow.clickhouse.write.TableWriter;
import dev.cdcflow.common.ErrantRecords;
import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.common.metrics.TaskGauges;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into ClickHouse tables. What it has written is recorded in ClickHouse beside the data; each
 * partition it is given is resumed from there, so a crash at any moment loses no row, and (the tables being
 * ReplacingMergeTrees) a row written twice is one row after FINAL.
 *
 * <p>While ClickHouse fails transiently the task keeps what it has buffered, pauses its partitions and tries again
 * after retry.backoff.ms; it never throws Connect's RetriableException, whose redelivery of the last batch would
 * race with the rewinds. Records it could not take are read again by seeking the consumer back to them, and the
 * offsets it lets Connect commit never pass a record that is not in ClickHouse.
 */
public class ClickHouseSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkTask.class);

    private ClickHouseSinkConfig config;
    private String connectorName;
    private Client client;
    private OffsetStore offsets;
    private TableManager tables;
    private TableWriter writer;
    private RetrySchedule retries;
    private final PartitionPositions positions = new PartitionPositions();
    private final SinkMetrics metrics = new SinkMetrics();
    private TaskGauges gauges;
    /** A failure raised in preCommit, where Connect only logs exceptions: put rethrows it to stop the task. */
    private ConnectException fatal;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ClickHouseSinkConfig(props);
        connectorName = TaskConfigs.connectorName(props, ClickHouseSinkConnector.DEFAULT_NAME);
        client = ClickHouseClients.create(config);
        retries = new RetrySchedule(config.retryBackoffMs(), config.retryMaxAttempts());
        gauges = TaskGauges.open(context, "ClickHouseSinkTask", connectorName,
                TaskConfigs.taskNumber(props));
        metrics.register(gauges);
    }

    /**
     * Takes the partitions; each is positioned from what ClickHouse holds at the next put, so that a rebalance
     * while ClickHouse is away does not fail the task.
     */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        positions.opened(partitions);
        if (retries.waiting()) {
            context.pause(partitions.toArray(TopicPartition[]::new));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        positions.beginPut();
        List<SinkRecord> batch = records instanceof List<SinkRecord> list ? list : List.copyOf(records);
        try {
            putBatch(batch);
        } finally {
            positions.takeSeeks().forEach(context::offset);
        }
    }

    private void putBatch(List<SinkRecord> batch) {
        if (!retries.due()) {
            // Partitions are paused while waiting; a record here is from a partition assigned meanwhile.
            rewindFrom(batch, 0);
            context.timeout(retries.remainingMs());
            return;
        }
        try {
            prepare(batch);
        } catch (RetriableException e) {
            failed(e);
            rewindFrom(batch, 0);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            SinkRecord record = batch.get(i);
            if (!positions.admit(record)) {
                continue;
            }
            try {
                writer.add(record);
            } catch (RetriableException e) {
                failed(e);
                rewindFrom(batch, i);
                return;
            }
            positions.took(record);
            if (writer.isDue() && !flush()) {
                rewindFrom(batch, i + 1);
                return;
            }
        }
        if (writer.isDue()) {
            flush();
        }
    }

    /**
     * Writes what is buffered, unless a retry is pending; then returns only offsets durably in ClickHouse: per
     * partition the first record not written yet (Connect's current offset only where everything it delivered is
     * written or never reached the sink).
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (writer == null) {
            return Map.of();
        }
        if (fatal == null && !retries.waiting()) {
            try {
                flush();
            } catch (ConnectException e) {
                fatal = e;
            } catch (RuntimeException e) {
                fatal = new ConnectException("Writing to ClickHouse failed: " + e.getMessage(), e);
            }
        }
        return positions.committable(writer.firstBuffered(), currentOffsets);
    }

    /**
     * Gives up the partitions. Their buffered rows, if a failed write left any, are dropped with the rest of the
     * buffer (rows of several partitions share one batch): the partitions kept are positioned again at the next
     * put, from ClickHouse or, failing that, from the first record dropped.
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null && writer.holdsAny(partitions)) {
            writer.discard().forEach((partition, firstDropped) -> {
                if (!partitions.contains(partition)) {
                    positions.dropped(partition, firstDropped);
                }
            });
        }
        positions.closed(partitions);
    }

    @Override
    public void stop() {
        if (tables != null) {
            tables.close();
        }
        if (client != null) {
            client.close();
        }
        if (gauges != null) {
            gauges.close();
        }
    }

    /**
     * Gets ready to take records: connects to ClickHouse the first time, retries a write that failed, and positions
     * newly assigned partitions from the offsets ClickHouse holds.
     */
    private void prepare(List<SinkRecord> batch) {
        boolean retrying = retries.waiting();
        if (writer == null) {
            connect();
        }
        if (retrying) {
            Map<TopicPartition, Long> written = writer.flushAll();
            positions.written(written);
            if (written.isEmpty()) {
                retries.resumed();
            } else {
                retries.succeeded();
            }
            context.resume(context.assignment().toArray(TopicPartition[]::new));
        }
        if (positions.anyUnpositioned()) {
            Map<TopicPartition, Long> firstInPut = new HashMap<>();
            for (SinkRecord record : batch) {
                firstInPut.putIfAbsent(PartitionPositions.partitionOf(record), record.originalKafkaOffset());
            }
            positions.position(offsets.read(), firstInPut).forEach(context::offset);
        }
    }

    /** Writes what is buffered; on a transient failure keeps it for the retry and returns false. */
    private boolean flush() {
        try {
            Map<TopicPartition, Long> written = writer.flushAll();
            if (!written.isEmpty()) {
                positions.written(written);
                retries.succeeded();
            }
            return true;
        } catch (RetriableException e) {
            failed(e);
            return false;
        }
    }

    /**
     * A transient failure: the task pauses its partitions and waits (retry.backoff.ms, doubling while failures go
     * on), keeping what it buffered; once retry.max.attempts is used up it stops with a ConnectException.
     */
    private void failed(RetriableException e) {
        metrics.failed();
        long waitMs = retries.failed(e);
        LOG.warn("Writing to ClickHouse failed ({}); retrying in {} ms", e.getMessage(), waitMs);
        context.pause(context.assignment().toArray(TopicPartition[]::new));
        context.timeout(waitMs);
    }

    /** Seeks each partition back to its first record from {@code from} on that is not taken. */
    private void rewindFrom(List<SinkRecord> batch, int from) {
        for (SinkRecord record : batch.subList(from, batch.size())) {
            if (positions.shouldTake(record)) {
                TopicPartition partition = PartitionPositions.partitionOf(record);
                context.offset(partition, positions.rewind(record));
                if (retries.waiting()) {
                    context.pause(partition);
                }
            }
        }
    }

    /**
     * Learns what the server can do and makes sure the database and offsets table exist. Done at the first put
     * rather than at start, so that a task (re)started while ClickHouse is away waits for it instead of failing.
     */
    private void connect() {
        ClickHouseSql sql = new ClickHouseSql(client, config.timeout().toMillis());
        ServerVersion version = ServerVersion.parse(sql.rows("SELECT version()").get(0).get(0));
        ServerCapabilities capabilities = ServerCapabilities.of(version);
        LOG.info("ClickHouse {} at {}: {}", version, config.url(), capabilities);
        SinkWriting writing = SinkWriting.connect(sql, config, connectorName, capabilities, this::recordFailed,
                metrics);
        offsets = writing.offsets();
        tables = writing.tables();
        writer = writing.writer();
    }

    /**
     * A record that cannot be written: handed to Connect's errant-record reporter, so errors.tolerance decides. With
     * the default (none) the reporter stops the task, with this message naming the record; with 'all' the record
     * goes to the dead letter queue (when one is set) and into rejected_rows, and the connector goes on.
     */
    private void recordFailed(SinkRecord record, String table, RuntimeException error) {
        DataException failure = new DataException("Record " + ErrantRecords.coordinates(record) + " cannot be "
                + "written to " + config.database() + "." + table + ": " + error.getMessage(), error);
        new ErrantRecords(context).report(record, failure);
        writer.rejectConversionFailure(record, failure);
    }
}
