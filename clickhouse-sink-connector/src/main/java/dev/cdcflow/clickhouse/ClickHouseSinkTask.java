package dev.cdcflow.clickhouse;

import com.clickhouse.client.api.Client;
import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import dev.cdcflow.clickhouse.write.ClickHouseSql;
import dev.cdcflow.clickhouse.write.OffsetStore;
import dev.cdcflow.clickhouse.write.RejectedRowsTable;
import dev.cdcflow.clickhouse.write.SinkMetrics;
import dev.cdcflow.clickhouse.write.TableManager;
import dev.cdcflow.clickhouse.write.TableWriter;
import dev.cdcflow.common.ProjectVersion;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into ClickHouse tables. What it has written is recorded in ClickHouse beside the data; on
 * assignment the consumer is rewound to it, so a crash at any moment neither loses a row nor (after FINAL, the
 * tables being ReplacingMergeTrees) duplicates one.
 */
public class ClickHouseSinkTask extends SinkTask {

    static final String CONNECTOR_NAME = "connector.name";
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkTask.class);

    private ClickHouseSinkConfig config;
    private String connectorName;
    private Client client;
    private OffsetStore offsets;
    private TableManager tables;
    private TableWriter writer;
    private final SinkMetrics metrics = new SinkMetrics();
    /** A failure raised in preCommit, where Connect only logs exceptions: put rethrows it to stop the task. */
    private ConnectException fatal;
    private int failuresInARow;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ClickHouseSinkConfig(props);
        connectorName = props.getOrDefault(CONNECTOR_NAME, "clickhouse-sink");
        client = ClickHouseClients.create(config);
        metrics.register(context.pluginMetrics());
    }

    /** Resumes every assigned partition from the offset after the last one ClickHouse holds. */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (writer != null) {
            rewind(partitions);
        }
        // Otherwise ClickHouse has not answered yet: connect() rewinds the whole assignment once it does.
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        try {
            if (writer == null) {
                connect();
            }
            for (SinkRecord record : records) {
                // Deletes arrive as rows with the deleted flag (FlattenChangeEvent); tombstones carry nothing to write.
                if (record.value() != null) {
                    writer.add(record);
                }
            }
            writer.flushIfDue();
            failuresInARow = 0;
        } catch (RetriableException e) {
            throw recoverFrom(e);
        }
    }

    /** Writes what is buffered; the offsets Connect may commit are then all in ClickHouse. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (writer == null) {
            // Nothing was written yet: commit nothing beyond what is already committed.
            return Map.of();
        }
        try {
            writer.flushAll();
            failuresInARow = 0;
        } catch (RetriableException e) {
            RuntimeException outcome = recoverFrom(e);
            if (outcome instanceof RetriableException) {
                throw outcome;
            }
            fatal = (ConnectException) outcome;
            return Map.of();
        } catch (RuntimeException e) {
            fatal = e instanceof ConnectException connect ? connect
                    : new ConnectException("Writing to ClickHouse failed: " + e.getMessage(), e);
            return Map.of();
        }
        return currentOffsets;
    }

    @Override
    public void stop() {
        if (tables != null) {
            tables.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /**
     * After a retriable failure nothing buffered can be trusted to be written: drop it, rewind each partition to
     * the first record dropped (ClickHouse need not be reachable for that), and return the exception to throw: the
     * retriable one, so that Connect retries after the backoff, or, once retry.max.attempts is used up, one that
     * stops the task.
     */
    private RuntimeException recoverFrom(RetriableException e) {
        failuresInARow++;
        int limit = config.retryMaxAttempts();
        if (limit > 0 && failuresInARow > limit) {
            return new ConnectException("Writing to ClickHouse failed " + failuresInARow + " times in a row ("
                    + ClickHouseSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG + "=" + limit + "): " + e.getMessage(), e);
        }
        LOG.warn("Writing to ClickHouse failed ({}); retrying in {} ms", e.getMessage(), config.retryBackoffMs());
        metrics.failed();
        if (writer != null) {
            writer.discard().forEach(context::offset);
        }
        context.timeout(config.retryBackoffMs());
        return e;
    }

    /**
     * Learns what the server can do, makes sure the database and offsets table exist, and rewinds the assignment to
     * what ClickHouse holds. Done at the first put rather than at start, so that a task (re)started while
     * ClickHouse is away waits for it instead of failing.
     */
    private void connect() {
        ClickHouseSql sql = new ClickHouseSql(client, config.timeout().toMillis());
        ServerVersion version = ServerVersion.parse(sql.rows("SELECT version()").get(0).get(0));
        ServerCapabilities capabilities = ServerCapabilities.of(version);
        LOG.info("ClickHouse {} at {}: {}", version, config.url(), capabilities);
        sql.execute("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(config.database()));
        offsets = new OffsetStore(sql, config.database(), config.offsetsTable(), connectorName);
        offsets.createIfMissing();
        tables = new TableManager(sql, config, capabilities);
        RejectedRowsTable rejectedRows = new RejectedRowsTable(sql, config.database(), config.rejectedRowsTable(),
                connectorName, config.timeout().toMillis());
        TableWriter ready = new TableWriter(config, tables, sql, offsets, rejectedRows, this::recordFailed, metrics,
                capabilities.insertDeduplicationToken());
        rewind(context.assignment());
        writer = ready;
    }

    /**
     * A record that cannot be written: handed to Connect's errant-record reporter, so errors.tolerance decides. With
     * the default (none) the reporter stops the task, with this message naming the record; with 'all' the record
     * goes to the dead letter queue (when one is set) and into rejected_rows, and the connector goes on.
     */
    private void recordFailed(SinkRecord record, String table, RuntimeException error) {
        DataException failure = new DataException("Record " + record.originalTopic() + "-"
                + record.originalKafkaPartition() + "@" + record.originalKafkaOffset() + " cannot be written to "
                + config.database() + "." + table + ": " + error.getMessage(), error);
        ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter == null) {
            throw failure;
        }
        reporter.report(record, failure);
        writer.rejectConversionFailure(record, failure);
    }

    private void rewind(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = offsets.read();
        for (TopicPartition partition : partitions) {
            Long last = stored.get(partition);
            if (last != null) {
                context.offset(partition, last + 1);
            }
        }
    }
}
