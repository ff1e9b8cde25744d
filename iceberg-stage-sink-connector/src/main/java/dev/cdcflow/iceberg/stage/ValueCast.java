package dev.cdcflow.iceberg.stage;

import dev.cdcflow.common.SchemaNames;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Schema;

/**
 * Casts one Connect value to the Java value Iceberg's generic records hold for a stage column's type: Integer, Long,
 * Double, Boolean, String, LocalDate, OffsetDateTime (UTC) or BigDecimal at the column's scale. A cast that would
 * change the value (a fraction into a long, digits beyond the scale, text that is no number) is refused with the
 * reason, never rounded.
 */
public final class ValueCast {

    /** The unit of a plain number cast to a date or timestamp, when its schema does not say. */
    public enum EpochUnit { MILLIS, MICROS }

    private ValueCast() {
    }

    /**
     * The value of a field (its schema may be null for schemaless records) as the column type holds it; null stays
     * null. A value that cannot be cast is an IllegalArgumentException saying why.
     */
    public static Object cast(Object value, Schema schema, ColumnType type, EpochUnit unit) {
        if (value == null) {
            return null;
        }
        String semantic = schema == null || schema.name() == null ? "" : schema.name();
        try {
            return switch (type.kind()) {
                case BOOLEAN -> toBoolean(value);
                case INT -> Math.toIntExact(toLong(value));
                case LONG -> toLong(value);
                case DOUBLE -> value instanceof Number number ? number.doubleValue()
                        : Double.parseDouble(text(value));
                case STRING -> toText(value);
                case DATE -> inDateRange(toDate(value, semantic, unit));
                case TIMESTAMP -> OffsetDateTime.ofInstant(inTimestampRange(toInstant(value, semantic, unit)),
                        ZoneOffset.UTC);
                case DECIMAL -> toDecimal(value, type);
            };
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("cannot cast " + describe(value) + " to " + type + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Whether some value of a field with this schema can be cast to the type: false when none can (a boolean to a
     * decimal, raw bytes to a number, a date to a long), whatever the value. A text field can hold any type's
     * text, so it can be cast to every type, each value then parsed.
     */
    public static boolean possible(Schema schema, ColumnType type) {
        if (type.kind() == ColumnType.Kind.STRING) {
            return true;
        }
        String name = schema.name() == null ? "" : schema.name();
        if (name.equals(org.apache.kafka.connect.data.Decimal.LOGICAL_NAME)
                || name.equals(SchemaNames.DEBEZIUM_VARIABLE_SCALE_DECIMAL)) {
            return true;
        }
        if (name.equals(org.apache.kafka.connect.data.Date.LOGICAL_NAME)
                || name.equals(org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME)
                || name.equals(org.apache.kafka.connect.data.Time.LOGICAL_NAME)) {
            // java.util.Date values: instants, not numbers.
            return type.kind() == ColumnType.Kind.DATE || type.kind() == ColumnType.Kind.TIMESTAMP;
        }
        return switch (schema.type()) {
            case STRING, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> true;
            case BOOLEAN -> type.kind() == ColumnType.Kind.BOOLEAN;
            case BYTES, STRUCT, ARRAY, MAP -> false;
        };
    }

    private static boolean toBoolean(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Number number && (number.longValue() == 0 || number.longValue() == 1)) {
            return number.longValue() == 1;
        }
        String text = text(value).toLowerCase(java.util.Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("cannot cast " + describe(value) + " to boolean");
    }

    private static long toLong(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).longValueExact();
        }
        return Long.parseLong(text(value));
    }

    private static String toText(Object value) {
        if (value instanceof java.util.Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> list) {
            // The elements joined by commas: e.g. the names of the columns an event lacked (_unchanged_columns).
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return value.toString();
    }

    private static LocalDate toDate(Object value, String semantic, EpochUnit unit) {
        if (value instanceof Number number && semantic.equals(SchemaNames.DEBEZIUM_DATE)) {
            return LocalDate.ofEpochDay(number.longValue());
        }
        if (value instanceof String text && text.length() == 10) {
            return LocalDate.parse(text);
        }
        return LocalDate.ofInstant(toInstant(value, semantic, unit), ZoneOffset.UTC);
    }

    private static Instant toInstant(Object value, String semantic, EpochUnit unit) {
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        if (value instanceof Number number) {
            long epoch = toLong(number);
            return switch (semantic) {
                case SchemaNames.DEBEZIUM_MICRO_TIMESTAMP -> micros(epoch);
                case SchemaNames.DEBEZIUM_NANO_TIMESTAMP -> Instant.ofEpochSecond(Math.floorDiv(epoch, 1_000_000_000L),
                        Math.floorMod(epoch, 1_000_000_000L));
                case SchemaNames.DEBEZIUM_TIMESTAMP -> Instant.ofEpochMilli(epoch);
                default -> unit == EpochUnit.MILLIS ? Instant.ofEpochMilli(epoch) : micros(epoch);
            };
        }
        return OffsetDateTime.parse(text(value)).toInstant();
    }

    /** Iceberg keeps a date as days since 1970 in an int: a date beyond that would wrap around silently. */
    private static LocalDate inDateRange(LocalDate date) {
        if (date.toEpochDay() != (int) date.toEpochDay()) {
            throw new ArithmeticException(date + " is outside Iceberg's date range (days since 1970 in 32 bits)");
        }
        return date;
    }

    /** Iceberg keeps a timestamp as microseconds since 1970 in a long (about 292,000 years either way). */
    private static Instant inTimestampRange(Instant instant) {
        try {
            Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
            return instant;
        } catch (ArithmeticException e) {
            throw new ArithmeticException(instant + " is outside Iceberg's timestamp range (microseconds since 1970 "
                    + "in 64 bits)");
        }
    }

    private static Instant micros(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    private static BigDecimal toDecimal(Object value, ColumnType type) {
        BigDecimal decimal = value instanceof BigDecimal exact ? exact
                : value instanceof Number number ? new BigDecimal(number.toString())
                : new BigDecimal(text(value).trim());
        // Exact or refused: setScale throws when digits would be lost.
        BigDecimal scaled = decimal.setScale(type.scale(), java.math.RoundingMode.UNNECESSARY);
        if (scaled.precision() > type.precision()) {
            throw new ArithmeticException(scaled.precision() + " digits do not fit precision " + type.precision());
        }
        return scaled;
    }

    private static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("cannot cast " + describe(value) + " that way");
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "' ("
                + value.getClass().getSimpleName() + ")";
    }
}
