package dev.cdcflow.clickhouse;

import com.clickhouse.client.api.Client;
import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import dev.cdcflow.clickhouse.write.ClickHouseSql;
import dev.cdcflow.clickhouse.write.OffsetStore;
import dev.cdcflow.clickhouse.write.TableManager;
import dev.cdcflow.clickhouse.write.TableWriter;
import dev.cdcflow.common.ProjectVersion;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
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
    private Client client;
    private OffsetStore offsets;
    private TableManager tables;
    private TableWriter writer;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ClickHouseSinkConfig(props);
        client = ClickHouseClients.create(config);
        ClickHouseSql sql = new ClickHouseSql(client, config.timeout().toMillis());
        ServerVersion version = ServerVersion.parse(sql.rows("SELECT version()").get(0).get(0));
        ServerCapabilities capabilities = ServerCapabilities.of(version);
        LOG.info("ClickHouse {} at {}: {}", version, config.url(), capabilities);
        sql.execute("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(config.database()));
        offsets = new OffsetStore(sql, config.database(), config.offsetsTable(),
                props.getOrDefault(CONNECTOR_NAME, "clickhouse-sink"));
        offsets.createIfMissing();
        tables = new TableManager(sql, config, capabilities);
        writer = new TableWriter(config, tables, sql, offsets);
    }

    /** Resumes every assigned partition from the offset after the last one ClickHouse holds. */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        rewind(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            for (SinkRecord record : records) {
                // Deletes arrive as rows with the deleted flag (FlattenChangeEvent); tombstones carry nothing to write.
                if (record.value() != null) {
                    writer.add(record);
                }
            }
        } catch (RetriableException e) {
            recoverFrom(e);
        }
    }

    /** Writes what is buffered; the offsets Connect may commit are then all in ClickHouse. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            writer.flushAll();
        } catch (RetriableException e) {
            recoverFrom(e);
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
     * After a retriable failure nothing buffered can be trusted to be written: drop it, rewind to what ClickHouse
     * holds, and let Connect retry after the backoff.
     */
    private void recoverFrom(RetriableException e) {
        LOG.warn("Writing to ClickHouse failed ({}); retrying in {} ms", e.getMessage(), config.retryBackoffMs());
        writer.discard();
        try {
            rewind(context.assignment());
        } catch (RetriableException unreachable) {
            // ClickHouse is still away: rewind to the consumer's committed offsets, which are never ahead of it.
            context.assignment().forEach(partition -> context.offset(partition, -1L));
        }
        context.timeout(config.retryBackoffMs());
        throw e;
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
