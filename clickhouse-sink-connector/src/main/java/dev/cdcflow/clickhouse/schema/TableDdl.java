package dev.cdcflow.clickhouse.schema;

import java.util.List;
import java.util.stream.Collectors;

/** The DDL the sink issues: create a ReplacingMergeTree table for a record schema, and add a column to it. */
public final class TableDdl {

    /** A column: its name (unquoted) and ClickHouse type. */
    public record Column(String name, String type) {
    }

    /**
     * Where a table is and how it is keyed and versioned.
     *
     * @param database      the database
     * @param table         the table
     * @param columns       every column, in order
     * @param keyColumns    the ORDER BY columns: a row's identity, deduplicated by the engine
     * @param versionColumn the ReplacingMergeTree version column
     * @param deletedColumn the is-deleted column, or null; named in the engine only where the server supports it
     * @param partitionBy   the PARTITION BY expression, or null for none
     */
    public record TableLayout(String database, String table, List<Column> columns, List<String> keyColumns,
                              String versionColumn, String deletedColumn, String partitionBy) {
    }

    private TableDdl() {
    }

    public static String createTable(TableLayout layout, ServerCapabilities capabilities) {
        if (layout.keyColumns().isEmpty()) {
            throw new IllegalArgumentException("Table " + layout.table() + " needs key columns to order and "
                    + "deduplicate by: give the records a key, or configure the key columns");
        }
        String engineArguments = Identifiers.quote(layout.versionColumn())
                + (layout.deletedColumn() != null && capabilities.replacingIsDeleted()
                        ? ", " + Identifiers.quote(layout.deletedColumn()) : "");
        return "CREATE TABLE IF NOT EXISTS " + Identifiers.qualified(layout.database(), layout.table()) + " (\n  "
                + layout.columns().stream().map(column -> Identifiers.quote(column.name()) + " " + column.type())
                        .collect(Collectors.joining(",\n  "))
                + "\n) ENGINE = ReplacingMergeTree(" + engineArguments + ")"
                + (layout.partitionBy() == null ? "" : "\nPARTITION BY " + layout.partitionBy())
                + "\nORDER BY (" + layout.keyColumns().stream().map(Identifiers::quote)
                        .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Adds a column, with a DEFAULT when {@code defaultValue} (a literal) is given; callers check system.columns
     * first, since old servers lack ADD COLUMN IF NOT EXISTS.
     */
    public static String addColumn(String database, String table, Column column, String defaultValue) {
        return "ALTER TABLE " + Identifiers.qualified(database, table) + " ADD COLUMN "
                + Identifiers.quote(column.name()) + " " + column.type()
                + (defaultValue == null ? "" : " DEFAULT " + defaultValue);
    }

    /** Changes a column's type (a widening: the values stay as they are). */
    public static String modifyColumn(String database, String table, Column column) {
        return "ALTER TABLE " + Identifiers.qualified(database, table) + " MODIFY COLUMN "
                + Identifiers.quote(column.name()) + " " + column.type();
    }
}
