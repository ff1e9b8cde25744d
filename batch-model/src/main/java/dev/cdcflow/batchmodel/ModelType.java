package dev.cdcflow.batchmodel;

import dev.cdcflow.common.ErrorCode;
import dev.cdcflow.common.SchemaNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * A model column's ClickHouse type, as the user wrote it (e.g. {@code UInt32}, {@code Nullable(Float64)},
 * {@code Decimal(12,2)}): the Connect schema its values travel with, and how a CSV field becomes a value of it or a
 * problem with the error code rejected_rows groups by. A column that is not Nullable requires a value; an empty CSV
 * field is no value.
 */
public final class ModelType {

    /** The kinds of value a model column can hold. */
    enum Kind { STRING, INTEGER, FLOAT32, FLOAT64, DECIMAL, BOOLEAN, DATE, DATE_TIME, UUID }

    /** A parsed value, or the problem that kept the field from being one. */
    public record Parsed(Object value, ErrorCode problem, String message) {

        static Parsed of(Object value) {
            return new Parsed(value, null, null);
        }

        static Parsed problem(ErrorCode code, String message) {
            return new Parsed(null, code, message);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    private static final Pattern WRAPPED = Pattern.compile("(\\w+)\\((.*)\\)");
    private static final Pattern DECIMAL_ARGUMENTS = Pattern.compile("\\s*(\\d+)\\s*,\\s*(\\d+)\\s*");
    private static final int MAX_DECIMAL_PRECISION = 76;
    private static final DateTimeFormatter CLICKHOUSE_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String declared;
    private final Kind kind;
    private final boolean nullable;
    private final BigInteger min;
    private final BigInteger max;
    private final int precision;
    private final int scale;
    private final Schema schema;

    private ModelType(String declared, Kind kind, boolean nullable, BigInteger min, BigInteger max, int precision,
                      int scale) {
        this.declared = declared;
        this.kind = kind;
        this.nullable = nullable;
        this.min = min;
        this.max = max;
        this.precision = precision;
        this.scale = scale;
        this.schema = buildSchema();
    }

    /**
     * The type a model declares; {@link IllegalArgumentException} naming the supported types when it is none of
     * them.
     */
    public static ModelType parse(String declared) {
        String text = declared == null ? "" : declared.trim();
        Matcher wrapped = WRAPPED.matcher(text);
        if (wrapped.matches() && wrapped.group(1).equals("Nullable")) {
            ModelType inner = parse(wrapped.group(2));
            if (inner.nullable) {
                throw unsupported(declared);
            }
            return new ModelType(text, inner.kind, true, inner.min, inner.max, inner.precision, inner.scale);
        }
        if (wrapped.matches() && wrapped.group(1).equals("Decimal")) {
            Matcher arguments = DECIMAL_ARGUMENTS.matcher(wrapped.group(2));
            int precision = arguments.matches() ? Integer.parseInt(arguments.group(1)) : -1;
            int scale = arguments.matches() ? Integer.parseInt(arguments.group(2)) : -1;
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("Decimal(P, S) needs 1 <= P <= " + MAX_DECIMAL_PRECISION
                        + " and 0 <= S <= P, not '" + declared + "'");
            }
            return new ModelType(text, Kind.DECIMAL, false, null, null, precision, scale);
        }
        return switch (text) {
            case "String" -> simple(text, Kind.STRING);
            case "Int8", "Int16", "Int32", "Int64" -> integer(text, true, Integer.parseInt(text.substring(3)));
            case "UInt8", "UInt16", "UInt32", "UInt64" -> integer(text, false, Integer.parseInt(text.substring(4)));
            case "Float32" -> simple(text, Kind.FLOAT32);
            case "Float64" -> simple(text, Kind.FLOAT64);
            case "Bool" -> simple(text, Kind.BOOLEAN);
            case "Date" -> simple(text, Kind.DATE);
            case "DateTime" -> simple(text, Kind.DATE_TIME);
            case "UUID" -> simple(text, Kind.UUID);
            default -> throw unsupported(declared);
        };
    }

    /** The type as declared, which becomes the ClickHouse column's type. */
    public String declared() {
        return declared;
    }

    public boolean nullable() {
        return nullable;
    }

    /** The Connect schema of the column's values (optional when Nullable), its declared type as a parameter. */
    public Schema schema() {
        return schema;
    }

    /** A CSV field as a value of this type; empty is no value, a problem unless the type is Nullable. */
    public Parsed parse(String column, String field) {
        if (field == null || field.isEmpty()) {
            return nullable ? Parsed.of(null) : Parsed.problem(ErrorCode.REQUIRED_MISSING,
                    "The required column '" + column + "' has no value");
        }
        try {
            return switch (kind) {
                case STRING -> Parsed.of(field);
                case INTEGER -> integerValue(column, field);
                case FLOAT32 -> Parsed.of(Float.parseFloat(field.trim()));
                case FLOAT64 -> Parsed.of(Double.parseDouble(field.trim()));
                case DECIMAL -> decimalValue(column, field);
                case BOOLEAN -> booleanValue(column, field);
                case DATE -> Parsed.of(Date.from(LocalDate.parse(field.trim()).atStartOfDay(ZoneOffset.UTC)
                        .toInstant()));
                case DATE_TIME -> Parsed.of(Date.from(instant(field.trim())));
                case UUID -> Parsed.of(java.util.UUID.fromString(field.trim()).toString());
            };
        } catch (NumberFormatException | DateTimeException e) {
            return mismatch(column, field);
        } catch (IllegalArgumentException e) {
            // UUID.fromString's refusal.
            return mismatch(column, field);
        }
    }

    private Parsed integerValue(String column, String field) {
        BigInteger value = new BigInteger(field.trim());
        if (value.compareTo(min) < 0) {
            return Parsed.problem(ErrorCode.BELOW_MIN, "Column '" + column + "' is " + declared + ": " + field
                    + " is below its least value " + min);
        }
        if (value.compareTo(max) > 0) {
            return Parsed.problem(ErrorCode.ABOVE_MAX, "Column '" + column + "' is " + declared + ": " + field
                    + " is above its greatest value " + max);
        }
        return Parsed.of(switch (schema.type()) {
            case INT8 -> value.byteValue();
            case INT16 -> value.shortValue();
            case INT32 -> value.intValue();
            case INT64 -> value.longValue();
            default -> new BigDecimal(value);
        });
    }

    private Parsed decimalValue(String column, String field) {
        BigDecimal value = new BigDecimal(field.trim());
        if (value.scale() > scale && value.stripTrailingZeros().scale() > scale) {
            return Parsed.problem(ErrorCode.TYPE_MISMATCH, "Column '" + column + "' is " + declared + ": " + field
                    + " has more than " + scale + " digits after the point");
        }
        BigDecimal scaled = value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
        if (scaled.precision() > precision && scaled.signum() != 0) {
            return Parsed.problem(ErrorCode.ABOVE_MAX, "Column '" + column + "' is " + declared + ": " + field
                    + " has more than " + (precision - scale) + " digits before the point");
        }
        return Parsed.of(scaled);
    }

    private Parsed booleanValue(String column, String field) {
        return switch (field.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Parsed.of(true);
            case "false", "0" -> Parsed.of(false);
            default -> mismatch(column, field);
        };
    }

    /** {@code 2024-03-01 10:00:00} (ClickHouse's text form, UTC), ISO-8601 with an offset, or epoch seconds. */
    private static Instant instant(String field) {
        if (!field.isEmpty() && field.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(field));
        }
        try {
            return LocalDateTime.parse(field, CLICKHOUSE_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notClickHouseText) {
            return OffsetDateTime.parse(field).toInstant();
        }
    }

    private Parsed mismatch(String column, String field) {
        return Parsed.problem(ErrorCode.TYPE_MISMATCH, "Column '" + column + "' is " + declared + ": '" + field
                + "' cannot be read as one" + (kind == Kind.DATE_TIME
                ? " (expected 'YYYY-MM-DD hh:mm:ss' in UTC, ISO-8601 with an offset, or epoch seconds)"
                : kind == Kind.DATE ? " (expected 'YYYY-MM-DD')" : ""));
    }

    private Schema buildSchema() {
        SchemaBuilder builder = switch (kind) {
            case STRING -> SchemaBuilder.string();
            case INTEGER -> integerSchema();
            case FLOAT32 -> SchemaBuilder.float32();
            case FLOAT64 -> SchemaBuilder.float64();
            case DECIMAL -> Decimal.builder(scale)
                    .parameter(SchemaNames.DECIMAL_PRECISION_PARAMETER, Integer.toString(precision));
            case BOOLEAN -> SchemaBuilder.bool();
            case DATE -> org.apache.kafka.connect.data.Date.builder();
            case DATE_TIME -> Timestamp.builder();
            case UUID -> SchemaBuilder.string()
                    .parameter(SchemaNames.SEMANTIC_TYPE_PARAMETER, SchemaNames.DEBEZIUM_UUID);
        };
        builder.parameter(SchemaNames.CLICKHOUSE_TYPE_PARAMETER, declared);
        return nullable ? builder.optional().build() : builder.build();
    }

    /** The narrowest Connect integer holding every value of the type; UInt64 travels as a decimal of scale 0. */
    private SchemaBuilder integerSchema() {
        int bits = max.bitLength();
        if (bits <= 7) {
            return SchemaBuilder.int8();
        }
        if (bits <= 15) {
            return SchemaBuilder.int16();
        }
        if (bits <= 31) {
            return SchemaBuilder.int32();
        }
        if (bits <= 63) {
            return SchemaBuilder.int64();
        }
        return Decimal.builder(0).parameter(SchemaNames.DECIMAL_PRECISION_PARAMETER, "20");
    }

    private static ModelType simple(String declared, Kind kind) {
        return new ModelType(declared, kind, false, null, null, 0, 0);
    }

    private static ModelType integer(String declared, boolean signed, int bits) {
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return new ModelType(declared, Kind.INTEGER, false, min, max, 0, 0);
    }

    private static IllegalArgumentException unsupported(String declared) {
        return new IllegalArgumentException("Unsupported column type '" + declared + "'; a model column is one of "
                + "String, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float32, Float64, Decimal(P, S), "
                + "Bool, Date, DateTime, UUID, or Nullable(<one of them>)");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelType type && type.declared.equals(declared);
    }

    @Override
    public int hashCode() {
        return declared.hashCode();
    }

    @Override
    public String toString() {
        return declared;
    }
}
