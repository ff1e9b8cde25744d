package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.common.ChangeMarkers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Buffers records as encoded rows, one batch per table and schema, and writes them: every batch (and the truncates of
 * source tables, in their place among them), the rejected rows, then the last offsets of everything taken into the
 * offsets table. All tables are flushed together, so the stored
 * offset of a partition never runs ahead of a row of it that another table (or rejected_rows) still buffers. A flush
 * returns only once all of it is in ClickHouse.
 */
public final class TableWriter {

    private final TableManager tables;
    private final RowBinaryInserter inserter;
    private final OffsetStore offsets;
    private final RejectedRowsTable rejectedRows;
    private final TableTruncation truncation;
    private final UnchangedValues unchangedValues;
    private final RecordFailures failures;
    private final SinkMetrics metrics;
    private final BatchLimits limits;
    /** Per table, the batch taking rows; a schema change or a truncate closes it and opens another. */
    private final Map<String, EncodedBatch> openBatches = new LinkedHashMap<>();
    /** Per table, the rows waiting for values their change events lacked, written after the open batch. */
    private final Map<String, UnchangedValues.Group> openFills = new LinkedHashMap<>();
    /** What must be written before the open batches, in order: closed batches and fills, and truncates. */
    private final List<PendingWrite> closedWrites = new ArrayList<>();
    private final List<RejectedRowsTable.Problem> rejectedBuffer = new ArrayList<>();
    /** Every record taken since the last flush, written or not (failed records are dealt with when taken). */
    private final OffsetRanges taken = new OffsetRanges();
    /** Table per topic, resolved and claimed once: the hot path does no config lookups or string templating. */
    private final TableClaims claims;
    private final ClickHouseSinkConfig config;
    private long bufferedBytes;
    private boolean full;
    private long firstTakenNanos;

    /**
     * @param failures receives records that cannot be written; it records them (rejected rows, dead letter queue)
     *                 or throws to stop the task
     */
    public TableWriter(ClickHouseSinkConfig config, TableManager tables, TableClaims claims, ClickHouseSql sql,
                       OffsetStore offsets, RejectedRowsTable rejectedRows, TableTruncation truncation,
                       UnchangedValues unchangedValues, RecordFailures failures, SinkMetrics metrics) {
        this.config = config;
        this.tables = tables;
        this.claims = claims;
        this.inserter = new RowBinaryInserter(sql, config.timeout().toMillis(), metrics);
        this.metrics = metrics;
        this.offsets = offsets;
        this.rejectedRows = rejectedRows;
        this.truncation = truncation;
        this.unchangedValues = unchangedValues;
        this.failures = failures;
        this.limits = new BatchLimits(config.batchMaxRows(), config.batchMaxBytes(), config.batchMaxWaitMs());
    }

    /**
     * Takes a record: encodes its row into its table's batch, or sends it to the failures when the table cannot take
     * it; a tombstone (null value) carries no row and only counts as taken. Nothing is written here: the caller
     * flushes when {@link #isDue()}.
     *
     * @throws org.apache.kafka.connect.errors.RetriableException when ClickHouse cannot be asked about the table;
     *         the record is then not taken
     */
    public void add(SinkRecord record) {
        if (record.value() == null) {
            // Deletes arrive as rows with the deleted flag (FlattenChangeEvent); a tombstone has nothing to write.
            take(record);
            return;
        }
        if (RejectedRowsTable.isRejectedRow(record)) {
            // ValidateRow's rejected rows, from *.rejected topics or the sink's own chain, all go to rejected_rows.
            take(record);
            rejectedBuffer.addAll(RejectedRowsTable.problemsOf(record));
            return;
        }
        String table;
        try {
            table = claims.tableFor(record.originalTopic());
        } catch (DataException e) {
            take(record);
            failures.failed(record, config.tableFor(record.originalTopic()), e);
            return;
        }
        if (ChangeMarkers.isTruncate(record.valueSchema())) {
            take(record);
            truncate(table, record);
            return;
        }
        if (ChangeMarkers.isColumnChange(record.valueSchema())) {
            // Made at once, in order with the rows: the rows buffered before it are written as they are.
            String[] rename = ChangeMarkers.rename((Struct) record.value());
            if (rename != null) {
                tables.columnRenamed(table, rename[0], rename[1]);
            }
            take(record);
            return;
        }
        EncodedBatch batch = batchFor(table, record);
        take(record);
        if (batch == null) {
            return;
        }
        long before = batch.bytes();
        try {
            UnchangedValues.Pending pending = unchangedValues.pendingOf(record, batch);
            if (pending == null) {
                batch.add(record);
            } else {
                openFills.computeIfAbsent(table, UnchangedValues.Group::new).add(pending);
                bufferedBytes += pending.row().length;
            }
        } catch (RuntimeException e) {
            // A value the column cannot hold (a malformed UUID, a decimal too wide): this record only.
            failures.failed(record, table, e);
            return;
        }
        bufferedBytes += batch.bytes() - before;
        full |= batch.rows() >= limits.maxRows() || bufferedBytes >= limits.maxBytes();
    }

    /** Whether a batch is full or the oldest record taken has waited batch.max.wait.ms. */
    public boolean isDue() {
        return full || rejectedBuffer.size() >= limits.maxRows()
                || !taken.isEmpty() && System.nanoTime() - firstTakenNanos >= limits.maxWaitNanos();
    }

    /** A record of the conversion failure of {@code record}, for the rejected_rows table. */
    public void rejectConversionFailure(SinkRecord record, RuntimeException error) {
        rejectedBuffer.add(RejectedRowsTable.conversionFailure(record, error));
    }

    /**
     * Writes everything taken, then its offsets, and returns the last offset written per partition (empty when
     * nothing was taken). A failure part-way leaves everything buffered, to be written again: rows already inserted
     * come twice, and the engine keeps one of each version.
     */
    public Map<TopicPartition, Long> flushAll() {
        if (taken.isEmpty()) {
            return Map.of();
        }
        // Each write done is let go: a flush tried again after a failure must not insert rows encoded for a column
        // type a widening has changed since.
        for (Iterator<PendingWrite> writes = closedWrites.iterator(); writes.hasNext(); writes.remove()) {
            PendingWrite write = writes.next();
            if (write instanceof PendingWrite.Insert insert) {
                inserter.insert(insert.batch());
            } else if (write instanceof PendingWrite.Fill fill) {
                unchangedValues.complete(fill.group()).forEach(inserter::insert);
            } else if (write instanceof PendingWrite.Truncate truncate) {
                truncation.truncate(truncate.table(), truncate.version());
            } else if (write instanceof PendingWrite.Ddl ddl) {
                tables.execute(ddl.statements());
            }
        }
        openBatches.values().forEach(inserter::insert);
        // After the open batches: a row waiting for values may take them from a row of the same flush.
        openFills.values().forEach(group -> unchangedValues.complete(group).forEach(inserter::insert));
        rejectedRows.insert(rejectedBuffer);
        Map<TopicPartition, OffsetStore.Stored> last = taken.last();
        offsets.write(last);
        Map<TopicPartition, Long> written = new HashMap<>();
        last.forEach((partition, stored) -> written.put(partition, stored.offset()));
        // Counted once written: a retried flush inserts the same rejected rows again.
        metrics.rejected(rejectedBuffer.size());
        clear();
        return written;
    }

    /** Per partition, the first offset taken and not written yet. */
    public Map<TopicPartition, Long> firstBuffered() {
        return taken.first();
    }

    /** Whether records of any of {@code partitions} are buffered. */
    public boolean holdsAny(Collection<TopicPartition> partitions) {
        return taken.containsAny(partitions);
    }

    /**
     * Drops everything buffered and returns, per partition, the first offset dropped: where the consumer must resume
     * so that nothing is lost.
     */
    public Map<TopicPartition, Long> discard() {
        Map<TopicPartition, Long> firstUnwritten = taken.first();
        clear();
        tables.forget();
        return firstUnwritten;
    }

    /** Bytes of encoded rows held. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** The batch of {@code table} that takes the record's schema, or null when the table cannot take it at all. */
    private EncodedBatch batchFor(String table, SinkRecord record) {
        EncodedBatch open = openBatches.get(table);
        if (open != null && open.accepts(record.valueSchema())) {
            return open;
        }
        InsertPlan plan;
        try {
            plan = tables.planFor(table, record.keySchema(), record.valueSchema());
        } catch (DataException e) {
            failures.failed(record, table, e);
            return null;
        }
        if (open != null) {
            closedWrites.add(new PendingWrite.Insert(open));
        }
        List<String> widenings = tables.takeWidenings();
        if (!widenings.isEmpty()) {
            // Rows buffered for the narrower type go first; the rows after are encoded for the wider one.
            closeFill(table);
            closedWrites.add(new PendingWrite.Ddl(widenings));
        }
        EncodedBatch batch = new EncodedBatch(plan, record.valueSchema());
        openBatches.put(table, batch);
        return batch;
    }

    /**
     * A truncate of the source table: the rows taken before it are written first, then the table's older rows are
     * deleted, then the rows after it go on.
     */
    private void truncate(String table, SinkRecord record) {
        Struct marker = (Struct) record.value();
        Object version = marker.schema().field(config.versionColumn()) == null ? null
                : marker.get(config.versionColumn());
        if (!(version instanceof Long position)) {
            failures.failed(record, table, new DataException("A truncate marker needs the version field '"
                    + config.versionColumn() + "' (" + ClickHouseSinkConfig.VERSION_COLUMN_CONFIG + ")"));
            return;
        }
        EncodedBatch open = openBatches.remove(table);
        if (open != null) {
            closedWrites.add(new PendingWrite.Insert(open));
        }
        closeFill(table);
        closedWrites.add(new PendingWrite.Truncate(table, position));
    }

    private void closeFill(String table) {
        UnchangedValues.Group fill = openFills.remove(table);
        if (fill != null) {
            closedWrites.add(new PendingWrite.Fill(fill));
        }
    }

    private void take(SinkRecord record) {
        if (taken.isEmpty()) {
            firstTakenNanos = System.nanoTime();
        }
        taken.add(record);
    }

    private void clear() {
        openBatches.clear();
        openFills.clear();
        closedWrites.clear();
        rejectedBuffer.clear();
        taken.clear();
        bufferedBytes = 0;
        full = false;
    }

    /** A write that must happen in its place among the others. */
    private sealed interface PendingWrite {

        record Insert(EncodedBatch batch) implements PendingWrite {
        }

        record Fill(UnchangedValues.Group group) implements PendingWrite {
        }

        record Ddl(List<String> statements) implements PendingWrite {
        }

        record Truncate(String table, long version) implements PendingWrite {
        }
    }
}
