package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
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
    private final RejectedRowsTable rejectedRows;
    private final RecordFailures failures;
    private final SinkMetrics metrics;
    private final List<RejectedRowsTable.Problem> rejectedBuffer = new ArrayList<>();
    private final Map<String, List<SinkRecord>> buffers = new LinkedHashMap<>();
    /** Table per topic, resolved once: the hot path does no config lookups or string templating. */
    private final Map<String, String> tablesByTopic = new HashMap<>();
    private final String rejectedRowsTableName;
    private final int batchMaxRows;
    private int buffered;

    /**
     * @param failures receives records that cannot be written; it records them (rejected rows, dead letter queue)
     *                 or throws to stop the task
     */
    public TableWriter(ClickHouseSinkConfig config, TableManager tables, ClickHouseSql sql, OffsetStore offsets,
                       RejectedRowsTable rejectedRows, RecordFailures failures, SinkMetrics metrics,
                       boolean deduplicate) {
        this.config = config;
        this.tables = tables;
        this.inserter = new RowBinaryInserter(sql, config.timeout().toMillis(), metrics, deduplicate);
        this.metrics = metrics;
        this.offsets = offsets;
        this.rejectedRows = rejectedRows;
        this.failures = failures;
        this.rejectedRowsTableName = config.rejectedRowsTable();
        this.batchMaxRows = config.batchMaxRows();
    }

    /** Adds a record; flushes its table when the table's buffer is full. */
    public void add(SinkRecord record) {
        // Rejected rows keep the table of their own: every *.rejected topic lands in rejected_rows.
        String table = isRejectedRow(record) ? rejectedRowsTableName
                : tablesByTopic.computeIfAbsent(record.originalTopic(), config::tableFor);
        List<SinkRecord> buffer = buffers.computeIfAbsent(table, key -> new ArrayList<>());
        buffer.add(record);
        buffered++;
        if (buffer.size() >= batchMaxRows) {
            flush(table, buffer);
            buffers.remove(table);
        }
    }

    /** A record of the conversion failure of {@code record}, for the rejected_rows table. */
    public void rejectConversionFailure(SinkRecord record, RuntimeException error) {
        rejectedBuffer.add(RejectedRowsTable.conversionFailure(record, error));
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
        if (table.equals(rejectedRowsTableName) && isRejectedRow(records.get(0))) {
            records.forEach(record -> rejectedBuffer.addAll(RejectedRowsTable.problemsOf(record)));
        } else {
            insertRuns(table, records);
        }
        rejectedRows.insert(rejectedBuffer);
        metrics.rejected(rejectedBuffer.size());
        rejectedBuffer.clear();
        offsets.write(lastOffsets(records));
        buffered -= records.size();
    }

    /** One insert per run of records that share a schema; a run that does not fit the table fails record by record. */
    private void insertRuns(String table, List<SinkRecord> records) {
        int start = 0;
        while (start < records.size()) {
            Schema schema = records.get(start).valueSchema();
            int end = start;
            while (end < records.size() && records.get(end).valueSchema() == schema) {
                end++;
            }
            List<SinkRecord> run = records.subList(start, end);
            InsertPlan plan;
            try {
                plan = tables.planFor(table, run.get(0).keySchema(), schema);
            } catch (DataException e) {
                run.forEach(record -> failures.failed(record, table, e));
                start = end;
                continue;
            }
            inserter.insert(plan, run, failures);
            start = end;
        }
    }

    private static boolean isRejectedRow(SinkRecord record) {
        return record.valueSchema() != null
                && RejectedRowsTable.REJECTED_ROW_SCHEMA.equals(record.valueSchema().name());
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
