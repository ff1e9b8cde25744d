package dev.cdcflow.verify;

import dev.cdcflow.clickhousetext.ClickHouseHttp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A table the ClickHouse sink keeps, as one side of a comparison: its current state ({@code FINAL}, deleted rows
 * left out), each row printed as {@link PostgresTable} prints the source's, hashed with MD5 the same way.
 */
public final class ClickHouseTable implements TableSide {

    private final ClickHouseHttp clickHouse;
    private final String table;
    private final String key;
    /** Each compared column's value as PostgresTable prints it, by the column's type in this table. */
    private final List<String> printed;

    /**
     * @param database the sink's database
     * @param table    the table, named as in PostgreSQL
     * @param key      the integer key column
     * @param columns  the compared columns, in the order both sides use
     */
    public ClickHouseTable(ClickHouseHttp clickHouse, String database, String table, String key,
                           List<Column> columns) {
        this.clickHouse = clickHouse;
        this.table = ClickHouseHttp.identifier(database) + "." + ClickHouseHttp.identifier(table);
        this.key = ClickHouseHttp.identifier(key);
        Map<String, String> types = new HashMap<>();
        for (List<String> column : clickHouse.rows("SELECT name, type FROM system.columns WHERE database = "
                + ClickHouseHttp.literal(database) + " AND table = " + ClickHouseHttp.literal(table))) {
            types.put(column.get(0), column.get(1));
        }
        List<String> missing = columns.stream().map(Column::name).filter(name -> !types.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse's " + database + "." + table + " has no column " + missing
                    + (types.isEmpty() ? " (no such table)" : ""));
        }
        this.printed = columns.stream().map(column -> printed(column, types.get(column.name()))).toList();
    }

    @Override
    public Optional<KeyRange> keys() {
        List<String> row = clickHouse.rows("SELECT count(), min(" + key + "), max(" + key + ") FROM " + current()
                + ")").get(0);
        return row.get(0).equals("0") ? Optional.empty()
                : Optional.of(new KeyRange(Long.parseLong(row.get(1)), Long.parseLong(row.get(2)) + 1));
    }

    @Override
    public RangeDigest digest(KeyRange range) {
        String hash = "reinterpretAsUInt64(reverse(substring(MD5(" + rowText() + "), 1, 8)))";
        List<String> row = clickHouse.rows("SELECT count(), sum(" + hash + ") FROM " + current() + " AND "
                + inRange(range) + ")").get(0);
        return new RangeDigest(Long.parseLong(row.get(0)), Long.parseUnsignedLong(row.get(1)));
    }

    @Override
    public SortedMap<Long, List<String>> rows(KeyRange range) {
        SortedMap<Long, List<String>> found = new TreeMap<>();
        for (List<String> row : clickHouse.rows("SELECT " + key + ", " + printedColumns() + " FROM " + current()
                + " AND " + inRange(range) + ") ORDER BY " + key)) {
            found.put(Long.parseLong(row.get(0)), row.subList(1, row.size()));
        }
        return found;
    }

    /** The rows FINAL keeps, deleted ones left out, as a subquery still open for more conditions. */
    private String current() {
        return "(SELECT * FROM " + table + " FINAL WHERE _is_deleted = 0";
    }

    private String rowText() {
        return "arrayStringConcat([" + printedColumns() + "], '\\x01')";
    }

    private String printedColumns() {
        return String.join(", ", printed);
    }

    /** The column's value as PostgresTable prints the same value, NULL as {@code \N}, given its type here. */
    private static String printed(Column column, String type) {
        String name = ClickHouseHttp.identifier(column.name());
        String text = switch (column.kind()) {
            case INTEGER, TEXT, CHAR -> "toString(" + name + ")";
            case DECIMAL -> ValueText.withoutTrailingZeros(ValueText.Server.CLICKHOUSE, "toString(" + name + ")");
            case BOOLEAN -> "toString(toUInt8(" + name + "))";
            case DATE -> "toString(" + name + ")";
            // 18.16 has no DateTime64: the sink keeps epoch microseconds in an Int64 there.
            case TIMESTAMP -> unwrapped(type).startsWith("DateTime64")
                    ? "toString(toUnixTimestamp64Micro(" + name + "))" : "toString(" + name + ")";
        };
        return "ifNull(" + text + ", " + ValueText.Server.CLICKHOUSE.literal(ValueText.NULL) + ")";
    }

    /** {@code T} of {@code Nullable(T)}, else the type itself. */
    private static String unwrapped(String type) {
        return type.startsWith("Nullable(") ? type.substring("Nullable(".length(), type.length() - 1) : type;
    }

    private String inRange(KeyRange range) {
        return key + " >= " + range.from() + " AND " + key + " < " + range.to();
    }
}
