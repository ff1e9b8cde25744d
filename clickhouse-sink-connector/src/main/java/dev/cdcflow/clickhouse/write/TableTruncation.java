package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source table's TRUNCATE, applied to its ClickHouse table: every row whose version is below the truncate's is
 * deleted, by a mutation ({@code ALTER TABLE ... DELETE}). ClickHouse applies a mutation to the rows inserted before
 * it was submitted and never to rows inserted after, and the rows written after the truncate have higher versions, so
 * the delete is exact however the writes around it are batched, and a replay (rows before the truncate inserted
 * again, then the truncate again) ends with the same table.
 */
final class TableTruncation {

    private static final Logger LOG = LoggerFactory.getLogger(TableTruncation.class);

    private final ClickHouseSql sql;
    private final String database;
    private final String versionColumn;
    private final Map<String, String> settings;

    TableTruncation(ClickHouseSql sql, String database, String versionColumn, ServerCapabilities capabilities) {
        this.sql = sql;
        this.database = database;
        this.versionColumn = versionColumn;
        // Where the server can, the flush waits until the rows are gone, so readers never see them after it.
        this.settings = capabilities.mutationsSync() ? Map.of("mutations_sync", "1") : Map.of();
    }

    /** Deletes the rows of {@code table} older than {@code version}; a table not created yet has none. */
    void truncate(String table, long version) {
        if (ExistingTable.describe(sql, database, table) == null) {
            return;
        }
        String statement = "ALTER TABLE " + Identifiers.qualified(database, table) + " DELETE WHERE "
                + Identifiers.quote(versionColumn) + " < " + Long.toUnsignedString(version);
        LOG.info("Source table truncated: {}", statement);
        sql.execute(statement, settings);
    }
}
