package dev.cdcflow.clickhouse;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ClickHouseServer;
import dev.cdcflow.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A PostgreSQL table and its ClickHouse table compared value for value: each column as text on both sides
 * ({@code ::text} and {@code toString}), ClickHouse's current rows ({@code FINAL}, deletes left out), rows in one
 * order on both sides.
 */
final class SourceComparison {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private SourceComparison() {
    }

    /** Waits until the ClickHouse table holds what the PostgreSQL table holds, in the given columns. */
    static void awaitSame(LocalStack stack, String postgresTable, String database, String clickHouseTable,
                          String columns) {
        Await.until(database + "." + clickHouseTable + " equal to PostgreSQL's " + postgresTable + " (" + columns
                + ")", TIMEOUT, () -> postgres(stack, postgresTable, columns)
                .equals(clickHouse(stack, database, clickHouseTable, columns)));
    }

    static List<List<String>> postgres(LocalStack stack, String table, String columns) {
        String asText = split(columns).stream().map(column -> column + "::text").collect(Collectors.joining(", "));
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : stack.postgres().query("SELECT " + asText + " FROM " + table)) {
            rows.add(row.stream().map(value -> value == null ? ClickHouseServer.NULL : value).toList());
        }
        return sorted(rows);
    }

    /** The current rows of a ClickHouse table; none while it does not exist. */
    static List<List<String>> clickHouse(LocalStack stack, String database, String table, String columns) {
        String asText = split(columns).stream().map(column -> "toString(`" + column + "`)")
                .collect(Collectors.joining(", "));
        try {
            return sorted(stack.clickHouse().rows("SELECT " + asText + " FROM " + database + "." + table
                    + " FINAL WHERE _is_deleted = 0"));
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        return rows.stream().sorted(Comparator.comparing((List<String> row) -> String.join("\u0000", row))).toList();
    }

    private static List<String> split(String columns) {
        return List.of(columns.split(",\\s*"));
    }
}
