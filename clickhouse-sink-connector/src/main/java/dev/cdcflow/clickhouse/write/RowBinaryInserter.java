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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** One RowBinary INSERT per batch, through the official client, naming its columns. */
final class RowBinaryInserter {

    private final ClickHouseSql sql;
    private final long timeoutMs;
    private final SinkMetrics metrics;

    RowBinaryInserter(ClickHouseSql sql, long timeoutMs, SinkMetrics metrics) {
        this.sql = sql;
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
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
        try {
            sql.client().insert(target, plan.columns(), new ByteArrayInputStream(buffer.toByteArray()),
                    ClickHouseFormat.RowBinary, new InsertSettings()).get(timeoutMs, TimeUnit.MILLISECONDS).close();
        } catch (Exception e) {
            throw ClickHouseSql.failure("INSERT INTO " + target + " (" + rows + " rows)", e);
        }
        metrics.batchWritten(rows, System.nanoTime() - start);
    }
}
