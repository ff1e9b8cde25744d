package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;

/**
 * The sink's write side on a connected ClickHouse, wired the one way the task and the tests that drive it without a
 * worker both use: the database and offsets table made sure of, then the table manager and the writer over them.
 *
 * @param offsets where the written offsets are stored, beside the data
 * @param tables  the tables, created and evolved from the records' schemas
 * @param writer  what takes records and flushes them
 */
public record SinkWriting(OffsetStore offsets, TableManager tables, TableWriter writer) {

    /** Wires it all for {@code connector}; failures of records go to {@code failures}. */
    public static SinkWriting connect(ClickHouseSql sql, ClickHouseSinkConfig config, String connector,
                                      ServerCapabilities capabilities, RecordFailures failures, SinkMetrics metrics) {
        return wire(sql.forWrites(capabilities), config, connector, capabilities, failures, metrics);
    }

    private static SinkWriting wire(ClickHouseSql sql, ClickHouseSinkConfig config, String connector,
                                    ServerCapabilities capabilities, RecordFailures failures, SinkMetrics metrics) {
        OffsetStore offsets = new OffsetStore(sql, config.database(), config.offsetsTable(), connector);
        offsets.createIfMissing();
        TableManager tables = new TableManager(sql, config, capabilities);
        RejectedRowsTable rejectedRows = new RejectedRowsTable(sql, config.database(), config.rejectedRowsTable(),
                connector, config.timeout().toMillis());
        TableWriter writer = new TableWriter(config, tables, new TableClaims(sql, config, connector), sql, offsets,
                rejectedRows, new TableTruncation(sql, config.database(), config.versionColumn(), capabilities),
                new UnchangedValues(sql, config.versionColumn(), config.unchangedColumnsColumn(), config.keyColumns()),
                failures, metrics);
        return new SinkWriting(offsets, tables, writer);
    }
}
