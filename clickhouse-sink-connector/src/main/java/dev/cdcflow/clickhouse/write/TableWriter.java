package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Buffers records per table and writes them: one RowBinary insert per run of records with the same schema, then
 * the offsets of what was written into the offsets table. A flush returns only once both are in ClickHouse.
 */
public final class TableWriter {

    private final ClickHouseSinkConfig config;
    private final TableManager tables;
    private final RowBinaryInserter inserter;
    private final OffsetStore offsets;
    private final Map<String, List<SinkRecord>> buffers = new LinkedHashMap<>();
    private int buffered;

    public TableWriter(ClickHouseSinkConfig config, TableManager tables, ClickHouseSql sql, OffsetStore offsets) {
        this.config = config;
        this.tables = tables;
        this.inserter = new RowBinaryInserter(sql, config.timeout().toMillis());
        this.offsets = offsets;
    }

    /** Adds a record; flushes its table when the table's buffer is full. */
    public void add(SinkRecord record) {
        String table = config.tableFor(record.originalTopic());
        List<SinkRecord> buffer = buffers.computeIfAbsent(table, key -> new ArrayList<>());
        buffer.add(record);
        buffered++;
        if (buffer.size() >= config.batchMaxRows()) {
            flush(table, buffer);
            buffers.remove(table);
        }
    }

    /** Writes everything buffered. */
    public void flushAll() {
        var tablesToFlush = new ArrayList<>(buffers.keySet());
        for (String table : tablesToFlush) {
            flush(table, buffers.get(table));
            // Only once written: a failure leaves the table's records buffered, for discard() to account for.
            buffers.remove(table);
        }
        buffered = 0;
    }

    /**
     * Drops what is buffered after a failure and returns, per partition, the first offset dropped: where the
     * consumer must resume so that nothing is lost (rows already written may come again; the engine keeps one).
     */
    public Map<TopicPartition, Long> discard() {
        Map<TopicPartition, Long> firstUnwritten = new HashMap<>();
        for (List<SinkRecord> records : buffers.values()) {
            for (SinkRecord record : records) {
                firstUnwritten.merge(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                        record.originalKafkaOffset(), Math::min);
            }
        }
        buffers.clear();
        buffered = 0;
        tables.forget();
        return firstUnwritten;
    }

    public int buffered() {
        return buffered;
    }

    private void flush(String table, List<SinkRecord> records) {
        int start = 0;
        while (start < records.size()) {
            Schema schema = records.get(start).valueSchema();
            int end = start;
            while (end < records.size() && records.get(end).valueSchema() == schema) {
                end++;
            }
            List<SinkRecord> run = records.subList(start, end);
            inserter.insert(tables.planFor(table, run.get(0).keySchema(), schema), run);
            start = end;
        }
        offsets.write(lastOffsets(records));
        buffered -= records.size();
    }

    private static Map<TopicPartition, Long> lastOffsets(List<SinkRecord> records) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (SinkRecord record : records) {
            last.merge(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset(), Math::max);
        }
        return last;
    }
}
