package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.schema.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a table in ClickHouse is, as far as the sink cares: its engine, the engine's version and is-deleted columns,
 * its partition and sorting keys, and its columns with their types, read from {@code system.tables} and
 * {@code system.columns} (both have these fields from 18.16 to 25.x).
 */
record ExistingTable(String engine, List<String> engineColumns, String partitionKey, String sortingKey,
                     Map<String, String> columns) {

    /** The table, or null when there is none. */
    static ExistingTable describe(ClickHouseSql sql, String database, String table) {
        String where = " WHERE database = " + Identifiers.literal(database) + " AND "
                + "%s = " + Identifiers.literal(table);
        List<List<String>> tables = sql.rows("SELECT engine, engine_full, partition_key, sorting_key FROM "
                + "system.tables" + where.formatted("name"));
        if (tables.isEmpty()) {
            return null;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (List<String> row : sql.rows("SELECT name, type FROM system.columns" + where.formatted("table"))) {
            columns.put(row.get(0), row.get(1));
        }
        List<String> table0 = tables.get(0);
        return new ExistingTable(table0.get(0), engineColumns(table0.get(0), table0.get(1)), table0.get(2),
                table0.get(3), columns);
    }

    /** Whether the engine is a ReplacingMergeTree of any flavour (plain, Replicated, Shared). */
    boolean replacing() {
        return engine.endsWith("ReplacingMergeTree");
    }

    /** The engine's version column, or null when it has none (then merges keep an arbitrary row of a key). */
    String versionColumn() {
        return engineColumns.isEmpty() ? null : engineColumns.get(0);
    }

    /** The engine's is-deleted column, or null. */
    String deletedColumn() {
        return engineColumns.size() < 2 ? null : engineColumns.get(1);
    }

    /**
     * The column names among the engine's arguments, in order: {@code ReplacingMergeTree(ver, del)} gives ver and
     * del; the Replicated and Shared engines' leading string arguments (the Keeper path, the replica) are skipped.
     */
    static List<String> engineColumns(String engine, String engineFull) {
        List<String> columns = new ArrayList<>();
        if (!engineFull.startsWith(engine + "(")) {
            return columns;
        }
        for (String argument : arguments(engineFull, engine.length())) {
            String trimmed = argument.trim();
            if (trimmed.startsWith("`") && trimmed.endsWith("`") && trimmed.length() > 1) {
                columns.add(trimmed.substring(1, trimmed.length() - 1).replace("\\`", "`").replace("\\\\", "\\"));
            } else if (!trimmed.isEmpty() && !trimmed.startsWith("'")) {
                columns.add(trimmed);
            }
        }
        return columns;
    }

    /** The top-level, comma-separated arguments of the call whose parenthesis is at {@code open}. */
    private static List<String> arguments(String text, int open) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = open + 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0 || c == ',' && depth == 1) {
                arguments.add(text.substring(start, i));
                start = i + 1;
                if (depth == 0) {
                    break;
                }
            }
        }
        return arguments;
    }
}
