package dev.cdcflow.clickhouse;

import com.clickhouse.client.api.Client;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.ServerVersion;
import dev.cdcflow.clickhouse.write.ClickHouseSql;
import dev.cdcflow.clickhouse.write.OffsetStore;
import dev.cdcflow.clickhouse.write.RecordFailures;
import dev.cdcflow.clickhouse.write.SinkMetrics;
import dev.cdcflow.clickhouse.write.SinkWriting;
import dev.cdcflow.clickhouse.write.TableWriter;
import dev.cdcflow.localstack.LocalStack;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The sink's writer on the local stack's ClickHouse without a worker (table plans, conversion, encoding, inserts,
 * offsets), for tests and benchmarks that drive it record by record.
 */
final class InProcessWriter implements AutoCloseable {

    private final Client client;
    private final SinkWriting writing;
    private final TableWriter writer;

    /** @param settings sink options on top of the URL and database */
    InProcessWriter(LocalStack stack, String database, Map<String, String> settings, RecordFailures failures) {
        Map<String, String> props = new HashMap<>(settings);
        props.put(ClickHouseSinkConfig.URL_CONFIG, stack.clickHouse().httpUrl());
        props.put(ClickHouseSinkConfig.DATABASE_CONFIG, database);
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(props);
        client = ClickHouseClients.create(config);
        ClickHouseSql sql = new ClickHouseSql(client, config.timeout().toMillis());
        ServerCapabilities capabilities = ServerCapabilities.of(ServerVersion.parse(stack.clickHouse().version()));
        writing = SinkWriting.connect(sql, config, "in-process", capabilities, failures, new SinkMetrics());
        writer = writing.writer();
    }

    /** Takes a record and writes everything once a batch is due, as the task does. */
    void put(SinkRecord record) {
        writer.add(record);
        if (writer.isDue()) {
            writer.flushAll();
        }
    }

    TableWriter writer() {
        return writer;
    }

    /** Where a task of this sink would resume: the offsets it reads when given the partitions. */
    Map<TopicPartition, OffsetStore.Stored> storedOffsets() {
        return writing.offsets().read();
    }

    @Override
    public void close() {
        client.close();
    }
}
