package dev.cdcflow.verify;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A PostgreSQL table as one side of a comparison, read over JDBC. Each row is printed as the ClickHouse side prints
 * it ({@link Column.Kind}), joined and hashed with MD5; a range's digest is one aggregate query.
 */
public final class PostgresTable implements TableSide {

    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    private final Connection connection;
    private final String table;
    private final String key;
    private final List<Column> columns;

    /**
     * @param table   the table, schema-qualified if need be, as an already quoted SQL name
     * @param key     the integer key column
     * @param columns the compared columns, in the order both sides use
     */
    public PostgresTable(Connection connection, String table, String key, List<Column> columns) {
        this.connection = connection;
        this.table = table;
        this.key = key;
        this.columns = List.copyOf(columns);
    }

    /** The table's columns, in their order, each with the kind its type maps to (refused when none does). */
    public static List<Column> columnsOf(Connection connection, String schema, String table) throws SQLException {
        return columnsOf(connection, schema, table, List.of());
    }

    /**
     * The named columns of the table (all when {@code names} is empty), in the table's order, each with the kind its
     * type maps to (refused when none does).
     */
    public static List<Column> columnsOf(Connection connection, String schema, String table, List<String> names)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type FROM "
                + "information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (names.isEmpty() || names.contains(rows.getString(1))) {
                        columns.add(new Column(rows.getString(1), Column.Kind.ofPostgres(rows.getString(1),
                                rows.getString(2))));
                    }
                }
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("PostgreSQL has no table " + schema + "." + table);
        }
        if (!names.isEmpty() && columns.size() != names.size()) {
            List<String> found = columns.stream().map(Column::name).toList();
            throw new IllegalArgumentException("PostgreSQL's " + schema + "." + table + " has no column "
                    + names.stream().filter(name -> !found.contains(name)).toList());
        }
        return columns;
    }

    /** A name quoted for PostgreSQL. */
    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public Optional<KeyRange> keys() {
        try (PreparedStatement query = connection.prepareStatement("SELECT min(" + quote(key) + "), max("
                + quote(key) + ") FROM " + table); ResultSet rows = query.executeQuery()) {
            rows.next();
            long max = rows.getLong(2);
            return rows.wasNull() ? Optional.empty() : Optional.of(new KeyRange(rows.getLong(1), max + 1));
        } catch (SQLException e) {
            throw failed("read the keys of", e);
        }
    }

    @Override
    public RangeDigest digest(KeyRange range) {
        String hash = "('x' || substr(md5(" + rowText() + "), 1, 16))::bit(64)::bigint";
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*), coalesce(sum(" + hash
                + "), 0) FROM " + table + " WHERE " + inRange())) {
            bind(query, range);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new RangeDigest(rows.getLong(1), rows.getBigDecimal(2).toBigInteger().mod(TWO_TO_THE_64)
                        .longValue());
            }
        } catch (SQLException e) {
            throw failed("digest", e);
        }
    }

    @Override
    public SortedMap<Long, List<String>> rows(KeyRange range) {
        String values = columns.stream().map(PostgresTable::printed).collect(Collectors.joining(", "));
        SortedMap<Long, List<String>> found = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT " + quote(key) + ", " + values + " FROM "
                + table + " WHERE " + inRange() + " ORDER BY " + quote(key))) {
            bind(query, range);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.add(rows.getString(i + 2));
                    }
                    found.put(rows.getLong(1), row);
                }
            }
        } catch (SQLException e) {
            throw failed("read the rows of", e);
        }
        return found;
    }

    private String rowText() {
        return "concat_ws(chr(1), " + columns.stream().map(PostgresTable::printed).collect(Collectors.joining(", "))
                + ")";
    }

    /** The column's value as ClickHouseTable prints the same value, NULL as {@code \N}. */
    private static String printed(Column column) {
        String name = quote(column.name());
        String text = switch (column.kind()) {
            case INTEGER, TEXT -> name + "::text";
            // format() prints through the type's output function, which keeps char(n)'s padding.
            case CHAR -> "CASE WHEN " + name + " IS NULL THEN NULL ELSE format('%s', " + name + ") END";
            case DECIMAL -> ValueText.withoutTrailingZeros(ValueText.Server.POSTGRES, name + "::text");
            case BOOLEAN -> "CASE WHEN " + name + " IS NULL THEN NULL WHEN " + name + " THEN '1' ELSE '0' END";
            case DATE -> "to_char(" + name + ", 'YYYY-MM-DD')";
            // A timestamp without zone counts as UTC, as Debezium's MicroTimestamp does.
            case TIMESTAMP -> "floor(extract(epoch from " + name + ") * 1000000)::bigint::text";
        };
        return "coalesce(" + text + ", " + ValueText.Server.POSTGRES.literal(ValueText.NULL) + ")";
    }

    private String inRange() {
        return quote(key) + " >= ? AND " + quote(key) + " < ?";
    }

    private static void bind(PreparedStatement query, KeyRange range) throws SQLException {
        query.setLong(1, range.from());
        query.setLong(2, range.to());
    }

    private IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("PostgreSQL could not " + what + " " + table + ": " + e.getMessage(), e);
    }
}
