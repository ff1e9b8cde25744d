package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.common.RejectedRowContract;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rejected_rows table: one row per problem of a rejected record, with where it came from, what was wrong and
 * the original payload. Records from ValidateRow (schema dev.cdcflow.RejectedRow) and records this sink could not
 * convert both land here. It is a ReplacingMergeTree keyed by where the row came from, column and error code, and
 * rows carry the record's own timestamp, so a replay after a crash writes nothing twice. Where a row came from is its
 * Kafka position, except for a row of a batch upload job: its job and row number, because a source that replays
 * without exactly-once support sends the row again at a new position.
 */
public final class RejectedRowsTable {

    /** The value schema name of ValidateRow's rejected-row records. */
    public static final String REJECTED_ROW_SCHEMA = RejectedRowContract.SCHEMA_NAME;
    static final String CONVERSION_FAILED = "CONVERSION_FAILED";

    /**
     * The table's columns, in the order {@link #insert} writes them; the INSERT's column list, the RowBinary schema
     * and the CREATE TABLE all come from here. sql/clickhouse/01-storefront.sql creates the same table for the
     * Compose stack (RejectedRowsTest compares the two on the server).
     */
    private static final List<ClickHouseColumn> COLUMNS = List.of(
            ClickHouseColumn.of("connector", "String"), ClickHouseColumn.of("topic", "String"),
            ClickHouseColumn.of("partition", "Int32"), ClickHouseColumn.of("offset", "Int64"),
            ClickHouseColumn.of("row_key", "Nullable(String)"), ClickHouseColumn.of("column", "String"),
            ClickHouseColumn.of("expected", "String"), ClickHouseColumn.of("error_code", "String"),
            ClickHouseColumn.of("observed", "Nullable(String)"), ClickHouseColumn.of("message", "String"),
            ClickHouseColumn.of("rejected_at", "DateTime"), ClickHouseColumn.of("payload", "Nullable(String)"),
            ClickHouseColumn.of("job_id", "Nullable(String)"), ClickHouseColumn.of("row_number", "Nullable(Int64)"),
            ClickHouseColumn.of("event_id", "Nullable(String)"));
    private static final List<String> COLUMN_NAMES = COLUMNS.stream().map(ClickHouseColumn::getColumnName).toList();
    private static final TableSchema ROW_BINARY = new TableSchema(COLUMNS);
    /**
     * A row's identity: (topic, partition, offset) for a Kafka record, (topic, job, row) for a batch job's row; the
     * key columns stay non-Nullable, as a sorting key must be on every ClickHouse version.
     */
    static final String SORTING_KEY = "connector, topic, ifNull(job_id, ''), ifNull(row_number, offset), "
            + "if(isNull(job_id), partition, -1), column, error_code";
    private static final Logger LOG = LoggerFactory.getLogger(RejectedRowsTable.class);

    /** One problem of one rejected record; the job fields are set for rows of a batch upload job only. */
    record Problem(String topic, int partition, long offset, String rowKey, String column, String expected,
                   String errorCode, String observed, String message, long timestampMs, String payload,
                   JobRow jobRow) {

        Problem(String topic, int partition, long offset, String rowKey, String column, String expected,
                String errorCode, String observed, String message, long timestampMs, String payload) {
            this(topic, partition, offset, rowKey, column, expected, errorCode, observed, message, timestampMs,
                    payload, JobRow.NONE);
        }
    }

    /** Where a rejected row of a batch upload job was in its file: the job, the row's number, its event id. */
    record JobRow(String jobId, Long rowNumber, String eventId) {
        static final JobRow NONE = new JobRow(null, null, null);

        /** The job fields of a rejected-row record (absent before version 2 of the contract). */
        static JobRow of(Struct rejected) {
            return rejected.schema().field("job_id") == null ? NONE : new JobRow(rejected.getString("job_id"),
                    rejected.getInt64("row_number"), rejected.getString("event_id"));
        }
    }

    private final ClickHouseSql sql;
    private final String table;
    private final String database;
    private final String tableName;
    private final String connector;
    private final long timeoutMs;
    private boolean created;

    public RejectedRowsTable(ClickHouseSql sql, String database, String table, String connector, long timeoutMs) {
        this.sql = sql;
        this.table = Identifiers.qualified(database, table);
        this.database = database;
        this.tableName = table;
        this.connector = connector;
        this.timeoutMs = timeoutMs;
    }

    /** Whether the record is one of ValidateRow's rejected rows. */
    static boolean isRejectedRow(SinkRecord record) {
        return record.valueSchema() != null && REJECTED_ROW_SCHEMA.equals(record.valueSchema().name());
    }

    /**
     * The problems a ValidateRow rejected-row record carries, one per broken rule. Each is located at the record's
     * original position; a row rejected on the source side never had one (it was rejected before it reached Kafka),
     * so it is located where it was read, in the rejected-rows topic: every rejection keeps a row of its own.
     */
    static List<Problem> problemsOf(SinkRecord record) {
        Struct rejected = (Struct) record.value();
        List<Problem> problems = new ArrayList<>();
        Long originalOffset = rejected.getInt64("offset");
        boolean sinkSide = originalOffset != null && originalOffset >= 0;
        String topic = sinkSide ? rejected.getString("topic") : record.originalTopic();
        Integer originalPartition = rejected.getInt32("partition");
        int partition = !sinkSide ? record.originalKafkaPartition()
                : originalPartition == null ? -1 : originalPartition;
        long offset = sinkSide ? originalOffset : record.originalKafkaOffset();
        Long timestamp = rejected.getInt64("timestamp");
        JobRow jobRow = JobRow.of(rejected);
        for (Struct problem : rejected.<Struct>getArray("problems")) {
            problems.add(new Problem(topic, partition, offset, rejected.getString("key"),
                    problem.getString("column"), problem.getString("expected"), problem.getString("error_code"),
                    problem.getString("observed"), problem.getString("message"),
                    timestamp == null ? 0L : timestamp, rejected.getString("payload"), jobRow));
        }
        return problems;
    }

    /** The problem of a record this sink could not write. */
    static Problem conversionFailure(SinkRecord record, Throwable error) {
        return new Problem(record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset(),
                record.key() == null ? null : String.valueOf(record.key()), "", "a row this table can hold",
                CONVERSION_FAILED, null, String.valueOf(error.getMessage()),
                record.timestamp() == null ? 0L : record.timestamp(), String.valueOf(record.value()));
    }

    void insert(List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        createIfMissing();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        RowBinaryFormatWriter writer = new RowBinaryFormatWriter(buffer, ROW_BINARY, ClickHouseFormat.RowBinary);
        try {
            for (Problem problem : problems) {
                writer.setValue(1, connector);
                writer.setValue(2, problem.topic());
                writer.setValue(3, problem.partition());
                writer.setValue(4, problem.offset());
                writer.setValue(5, problem.rowKey());
                writer.setValue(6, problem.column());
                writer.setValue(7, problem.expected());
                writer.setValue(8, problem.errorCode());
                writer.setValue(9, problem.observed());
                writer.setValue(10, problem.message());
                writer.setValue(11, ZonedDateTime.ofInstant(Instant.ofEpochMilli(problem.timestampMs()),
                        ZoneOffset.UTC));
                writer.setValue(12, problem.payload());
                writer.setValue(13, problem.jobRow().jobId());
                writer.setValue(14, problem.jobRow().rowNumber());
                writer.setValue(15, problem.jobRow().eventId());
                writer.commitRow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode rejected rows", e);
        }
        try {
            sql.client().insert(table, COLUMN_NAMES, new ByteArrayInputStream(buffer.toByteArray()),
                    ClickHouseFormat.RowBinary, sql.insertSettings()).get(timeoutMs, TimeUnit.MILLISECONDS).close();
        } catch (Exception e) {
            throw ClickHouseSql.failure("INSERT INTO " + table + " (" + problems.size() + " rejected rows)", e);
        }
    }

    /**
     * Creates the table when it is missing, and adds the columns a table created by an earlier version lacks (the job
     * columns came with version 2 of the contract).
     */
    private void createIfMissing() {
        if (!created) {
            sql.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + COLUMNS.stream()
                    .map(column -> column.getColumnName() + " " + column.getOriginalTypeName())
                    .collect(Collectors.joining(", ")) + ") ENGINE = ReplacingMergeTree "
                    + "PARTITION BY toYYYYMM(rejected_at) ORDER BY (" + SORTING_KEY + ")");
            warnIfKeyedByPositionOnly();
            Set<String> existing = new HashSet<>();
            sql.rows("SELECT name FROM system.columns WHERE database = " + Identifiers.literal(database)
                    + " AND table = " + Identifiers.literal(tableName)).forEach(row -> existing.add(row.get(0)));
            for (ClickHouseColumn column : COLUMNS) {
                if (!existing.contains(column.getColumnName())) {
                    sql.execute("ALTER TABLE " + table + " ADD COLUMN " + Identifiers.quote(column.getColumnName())
                            + " " + column.getOriginalTypeName());
                }
            }
            created = true;
        }
    }

    /** A table made before job rows were keyed by job and row keeps its key: ClickHouse cannot alter a sorting key. */
    private void warnIfKeyedByPositionOnly() {
        List<List<String>> key = sql.rows("SELECT sorting_key FROM system.tables WHERE database = "
                + Identifiers.literal(database) + " AND name = " + Identifiers.literal(tableName));
        if (!key.isEmpty() && !key.get(0).get(0).contains("job_id")) {
            LOG.warn("{} was created by an earlier version and is keyed by Kafka position only: a batch job's rejected "
                    + "row that its source sends again (no exactly-once source support) shows twice there. The batch "
                    + "command counts distinct rows; recreate the table to key job rows by job and row", table);
        }
    }
}
