package dev.cdcflow.clickhouse.schema;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.apache.kafka.connect.errors.DataException;

/**
 * The ClickHouse column types the sink creates, each with the conversion of Connect's values for it: dates as
 * LocalDate, timestamps as ZonedDateTime (or exact epoch numbers where the server has no DateTime64), UUIDs as UUID,
 * booleans as Bool or 0/1. A date outside what the type holds is refused, since the server would wrap or clamp it
 * into another date without a word.
 */
public final class ClickHouseTypes {

    public static final ColumnType INT8 = ColumnType.of("Int8");
    public static final ColumnType INT16 = ColumnType.of("Int16");
    public static final ColumnType INT32 = ColumnType.of("Int32");
    public static final ColumnType INT64 = ColumnType.of("Int64");
    public static final ColumnType FLOAT32 = ColumnType.of("Float32");
    public static final ColumnType FLOAT64 = ColumnType.of("Float64");
    public static final ColumnType STRING = ColumnType.of("String");
    /** The version column of ReplacingMergeTree: the record's version number as it is. */
    public static final ColumnType UINT64 = ColumnType.of("UInt64");
    public static final ColumnType BOOL = ColumnType.of("Bool");
    /** A boolean where the server has no Bool, and the is-deleted column: 1 or 0 (a number stays as it is). */
    public static final ColumnType UINT8 = new ColumnType("UInt8",
            value -> value instanceof Boolean flag ? (flag ? 1 : 0) : value);
    public static final ColumnType UUID_TYPE = new ColumnType("UUID", value -> UUID.fromString(value.toString()));
    /** Bytes as String (ClickHouse strings are bytes). */
    public static final ColumnType BYTES = new ColumnType("String",
            value -> value instanceof ByteBuffer buffer ? bytes(buffer) : value);
    /** A decimal kept exact as its plain text, where Decimal(P, S) cannot hold it. */
    public static final ColumnType DECIMAL_TEXT = new ColumnType("String",
            value -> ((BigDecimal) value).toPlainString());
    /** A time of day as milliseconds of the day (no server this supports has a time-of-day type). */
    public static final ColumnType TIME_MILLIS = new ColumnType("Int32", value -> (int) millis(value));
    /** A timestamp as exact epoch milliseconds, where the server has no DateTime64. */
    public static final ColumnType EPOCH_MILLIS = new ColumnType("Int64", ClickHouseTypes::millis);

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /**
     * The days ClickHouse's Date holds on every server (1970-01-01 to 2106-02-07: current servers go on to
     * 2149-06-06, 18.16 prints later days as 1970-01-01), and Date32 (1900-01-01 to 2299-12-31).
     */
    private static final long[] DATE_DAYS = {0, LocalDate.of(2106, 2, 7).toEpochDay()};
    private static final long[] DATE32_DAYS = {LocalDate.of(1900, 1, 1).toEpochDay(),
            LocalDate.of(2299, 12, 31).toEpochDay()};
    /** The seconds DateTime64 holds on current servers: 1900-01-01 00:00:00 to 2299-12-31 23:59:59 UTC. */
    /** The seconds DateTime holds: the days of Date. */
    private static final long[] DATE_TIME_SECONDS = {0, DATE_DAYS[1] * 86_400L + 86_399L};
    private static final long[] DATE_TIME64_SECONDS = {DATE32_DAYS[0] * 86_400L, DATE32_DAYS[1] * 86_400L + 86_399L};

    public static final ColumnType DATE = date("Date", DATE_DAYS);
    public static final ColumnType DATE32 = date("Date32", DATE32_DAYS);
    /** Connect's Timestamp (a java.util.Date) at millisecond precision. */
    public static final ColumnType DATE_TIME64_MILLIS = new ColumnType("DateTime64(3, 'UTC')", value -> {
        long millis = millis(value);
        return dateTime64(Math.floorDiv(millis, 1_000L), Math.floorMod(millis, 1_000L) * 1_000_000L,
                "DateTime64(3, 'UTC')", value);
    });
    /** Connect's Timestamp in a declared DateTime column (whole seconds, 1970-01-01 to 2106-02-07 UTC). */
    public static final ColumnType DATE_TIME = new ColumnType("DateTime", value -> {
        long seconds = Math.floorDiv(millis(value), 1_000L);
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(inRange(seconds, DATE_TIME_SECONDS, "DateTime", value)),
                ZoneOffset.UTC);
    });
    /** Debezium's MicroTimestamp (epoch microseconds as a long) at microsecond precision. */
    public static final ColumnType DATE_TIME64_MICROS = new ColumnType("DateTime64(6, 'UTC')", value -> {
        long micros = (Long) value;
        return dateTime64(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L,
                "DateTime64(6, 'UTC')", value);
    });

    private ClickHouseTypes() {
    }

    /** Decimal(P, S): client-v2 takes the BigDecimal as it is. */
    public static ColumnType decimal(int precision, int scale) {
        return ColumnType.of("Decimal(" + precision + ", " + scale + ")");
    }

    private static ColumnType date(String ddl, long[] days) {
        return new ColumnType(ddl, value -> LocalDate.ofEpochDay(
                inRange(Math.floorDiv(millis(value), MILLIS_PER_DAY), days, ddl, value)));
    }

    private static long millis(Object value) {
        return ((java.util.Date) value).getTime();
    }

    private static ZonedDateTime dateTime64(long seconds, long nanos, String type, Object value) {
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(inRange(seconds, DATE_TIME64_SECONDS, type, value),
                nanos), ZoneOffset.UTC);
    }

    private static long inRange(long number, long[] range, String type, Object value) {
        if (number < range[0] || number > range[1]) {
            throw new DataException("The value " + (value instanceof java.util.Date date ? date.toInstant() : value)
                    + " is outside the range of ClickHouse's " + type);
        }
        return number;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
