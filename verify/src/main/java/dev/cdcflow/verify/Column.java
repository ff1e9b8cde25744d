package dev.cdcflow.verify;

import java.util.Locale;

/**
 * A compared column: its name (the same on both sides, as the ClickHouse sink keeps PostgreSQL's names) and the kind
 * of value it holds, which decides how both sides print it before hashing.
 *
 * @param name the column's name
 * @param kind how its values are compared
 */
public record Column(String name, Kind kind) {

    /** The kinds of values compared so far; a table with another type is refused, naming the column. */
    public enum Kind {
        /** smallint, integer, bigint: ClickHouse Int16/32/64. */
        INTEGER,
        /** text, varchar: ClickHouse String. */
        TEXT,
        /** char(n): ClickHouse String, blank-padded as PostgreSQL stores it (its cast to text would trim). */
        CHAR,
        /** numeric(p, s): ClickHouse Decimal(p, s), compared without trailing zeros (servers print them apart). */
        DECIMAL,
        /** boolean: ClickHouse UInt8 (18.16) or Bool, compared as 1 and 0. */
        BOOLEAN,
        /** date: ClickHouse Date or Date32, compared as ISO dates. */
        DATE,
        /**
         * timestamp, timestamptz: ClickHouse Int64 epoch microseconds (18.16) or DateTime64(6, 'UTC'), compared as
         * epoch microseconds.
         */
        TIMESTAMP;

        /** The kind of a PostgreSQL column from its {@code information_schema.columns.data_type}. */
        public static Kind ofPostgres(String column, String dataType) {
            return switch (dataType.toLowerCase(Locale.ROOT)) {
                case "smallint", "integer", "bigint" -> INTEGER;
                case "text", "character varying" -> TEXT;
                case "character" -> CHAR;
                case "numeric" -> DECIMAL;
                case "boolean" -> BOOLEAN;
                case "date" -> DATE;
                case "timestamp without time zone", "timestamp with time zone" -> TIMESTAMP;
                default -> throw new IllegalArgumentException("Column " + column + " is of type " + dataType
                        + ", which verify does not compare yet (it compares integers, texts, numerics, booleans, "
                        + "dates and timestamps)");
            };
        }
    }
}
