package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.cdcflow.clickhouse.schema.Identifiers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** One RowBinary INSERT per batch, through the official client, naming its columns. */
final class RowBinaryInserter {

    private final ClickHouseSql sql;
    private final long timeoutMs;
    private final SinkMetrics metrics;

    private final boolean deduplicate;

    /** @param deduplicate send insert_deduplication_token (servers 22.2+) */
    RowBinaryInserter(ClickHouseSql sql, long timeoutMs, SinkMetrics metrics, boolean deduplicate) {
        this.sql = sql;
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
        this.deduplicate = deduplicate;
    }

    /**
     * The batch's offset ranges, per partition ({@code topic/partition/first-last;...}): equal for a replay of the
     * same records, so servers that deduplicate by token drop it. Batches cut differently on a replay get another
     * token; ReplacingMergeTree still keeps one row per key and version.
     */
    static String deduplicationToken(List<SinkRecord> records) {
        Map<String, long[]> ranges = new TreeMap<>();
        for (SinkRecord record : records) {
            long offset = record.originalKafkaOffset();
            ranges.merge(record.originalTopic() + "/" + record.originalKafkaPartition(), new long[] {offset, offset},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        StringBuilder token = new StringBuilder();
        ranges.forEach((partition, range) -> token.append(partition).append('/').append(range[0]).append('-')
                .append(range[1]).append(';'));
        return token.toString();
    }

    /** Inserts the rows; a record whose values cannot be encoded goes to {@code failures} and is left out. */
    void insert(InsertPlan plan, List<SinkRecord> records, RecordFailures failures) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(records.size() * 128);
        RowBinaryFormatWriter writer = new RowBinaryFormatWriter(buffer, plan.rowBinarySchema(),
                ClickHouseFormat.RowBinary);
        int rows = 0;
        for (SinkRecord record : records) {
            try {
                Struct row = (Struct) record.value();
                for (int i = 0; i < plan.fields().length; i++) {
                    Object value = row.get(plan.fields()[i]);
                    writer.setValue(i + 1, value == null ? null : plan.conversions()[i].convert(value));
                }
                writer.commitRow();
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot encode rows for " + plan.table(), e);
            } catch (RuntimeException e) {
                // A value the column cannot hold (say, a malformed UUID): this record only.
                writer.clearRow();
                failures.failed(record, plan.table(), e);
            }
        }
        if (rows == 0) {
            return;
        }
        String target = Identifiers.qualified(plan.database(), plan.table());
        long start = System.nanoTime();
        InsertSettings settings = new InsertSettings();
        if (deduplicate) {
            // A replayed batch (same topic, partition and offsets) is the same block: the server drops it.
            settings.setDeduplicationToken(deduplicationToken(records));
        }
        try {
            sql.client().insert(target, plan.columns(), new ByteArrayInputStream(buffer.toByteArray()),
                    ClickHouseFormat.RowBinary, settings).get(timeoutMs, TimeUnit.MILLISECONDS).close();
        } catch (Exception e) {
            throw ClickHouseSql.failure("INSERT INTO " + target + " (" + rows + " rows)", e);
        }
        metrics.batchWritten(rows, System.nanoTime() - start);
    }
}
