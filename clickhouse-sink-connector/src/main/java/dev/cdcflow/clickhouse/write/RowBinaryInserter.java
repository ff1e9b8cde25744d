package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.cdcflow.clickhouse.schema.Identifiers;
import java.util.concurrent.TimeUnit;

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

    void insert(EncodedBatch batch) {
        if (batch.rows() == 0) {
            return;
        }
        InsertPlan plan = batch.plan();
        String target = Identifiers.qualified(plan.database(), plan.table());
        InsertSettings settings = new InsertSettings();
        if (deduplicate) {
            // A replayed batch (same partitions and offsets) is the same block: the server drops it. Batches cut
            // differently on a replay get another token; the ReplacingMergeTree still keeps one row per version.
            settings.setDeduplicationToken(batch.offsets().token());
        }
        long start = System.nanoTime();
        try {
            sql.client().insert(target, plan.quotedColumns(), batch.body(), ClickHouseFormat.RowBinary, settings)
                    .get(timeoutMs, TimeUnit.MILLISECONDS).close();
        } catch (Exception e) {
            throw ClickHouseSql.failure("INSERT INTO " + target + " (" + batch.rows() + " rows)", e);
        }
        metrics.batchWritten(batch.rows(), System.nanoTime() - start);
    }
}
