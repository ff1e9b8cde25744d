package dev.cdcflow.clickhouse.write;

import com.clickhouse.data.ClickHouseFormat;
import dev.cdcflow.clickhouse.schema.Identifiers;
import java.util.concurrent.TimeUnit;

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

    void insert(EncodedBatch batch) {
        if (batch.rows() == 0) {
            return;
        }
        InsertPlan plan = batch.plan();
        String target = Identifiers.qualified(plan.database(), plan.table());
        long start = System.nanoTime();
        try {
            sql.client().insert(target, plan.quotedColumns(), batch.body(), ClickHouseFormat.RowBinary,
                            sql.insertSettings())
                    .get(timeoutMs, TimeUnit.MILLISECONDS).close();
        } catch (Exception e) {
            throw ClickHouseSql.failure("INSERT INTO " + target + " (" + batch.rows() + " rows)", e);
        }
        metrics.batchWritten(batch.rows(), System.nanoTime() - start);
    }
}
