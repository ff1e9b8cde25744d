package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.schema.TypeMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Turns Connect values into what client-v2's RowBinary writer takes for the column type {@link TypeMapper} chose,
 * once per column: dates as LocalDate, timestamps as ZonedDateTime (or exact epoch numbers where the server has no
 * DateTime64), UUIDs as UUID, nested rows and old-server maps as JSON text.
 */
final class ValueConversions {

    /** Converts one non-null value. */
    @FunctionalInterface
    interface Conversion {
        Object convert(Object value);
    }

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /**
     * The days ClickHouse's Date holds on every server (1970-01-01 to 2106-02-07: current servers go on to
     * 2149-06-06, 18.16 prints later days as 1970-01-01), and Date32 (1900-01-01 to 2299-12-31).
     */
    private static final long[] DATE_DAYS = {0, LocalDate.of(2106, 2, 7).toEpochDay()};
    private static final long[] DATE32_DAYS = {LocalDate.of(1900, 1, 1).toEpochDay(),
            LocalDate.of(2299, 12, 31).toEpochDay()};
    /** The seconds DateTime64 holds on current servers: 1900-01-01 00:00:00 to 2299-12-31 23:59:59 UTC. */
    private static final long[] DATE_TIME64_SECONDS = {DATE32_DAYS[0] * 86_400L, DATE32_DAYS[1] * 86_400L + 86_399L};

    private final JsonConverter json = new JsonConverter();

    ValueConversions() {
        json.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
    }

    /** The conversion of values of {@code schema} into a column of {@code columnType}. */
    Conversion forColumn(Schema schema, String columnType) {
        String type = unwrapNullable(columnType);
        String name = schema.name() == null ? "" : schema.name();
        if (Date.LOGICAL_NAME.equals(name)) {
            long[] range = type.equals("Date32") ? DATE32_DAYS : DATE_DAYS;
            return value -> {
                long day = Math.floorDiv(((java.util.Date) value).getTime(), MILLIS_PER_DAY);
                return LocalDate.ofEpochDay(inRange(day, range, type, value));
            };
        }
        if (Decimal.LOGICAL_NAME.equals(name) && type.equals("String")) {
            return value -> ((BigDecimal) value).toPlainString();
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return value -> (int) ((java.util.Date) value).getTime();
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return type.startsWith("DateTime64")
                    ? value -> dateTime64(Math.floorDiv(((java.util.Date) value).getTime(), 1_000L),
                            Math.floorMod(((java.util.Date) value).getTime(), 1_000L) * 1_000_000L, type, value)
                    : value -> ((java.util.Date) value).getTime();
        }
        if (TypeMapper.MICRO_TIMESTAMP.equals(name) && type.startsWith("DateTime64")) {
            return value -> {
                long micros = (Long) value;
                return dateTime64(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L,
                        type, value);
            };
        }
        if (type.equals("UUID")) {
            return value -> UUID.fromString(value.toString());
        }
        switch (schema.type()) {
            case BOOLEAN:
                return type.equals("Bool") ? value -> value : value -> ((Boolean) value) ? 1 : 0;
            case BYTES:
                return value -> value instanceof ByteBuffer buffer ? bytes(buffer) : value;
            case STRUCT:
                return value -> toJson(schema, value);
            case MAP:
                if (type.equals("String")) {
                    return value -> toJson(schema, value);
                }
                Conversion entries = forColumn(schema.valueSchema(), elementType(type));
                return value -> {
                    Map<Object, Object> converted = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((k, v) -> converted.put(k, v == null ? null : entries.convert(v)));
                    return converted;
                };
            case ARRAY:
                Conversion elements = forColumn(schema.valueSchema(), elementType(type));
                return value -> {
                    List<Object> converted = new ArrayList<>();
                    ((List<?>) value).forEach(item -> converted.add(item == null ? null : elements.convert(item)));
                    return converted;
                };
            default:
                return value -> value;
        }
    }

    void close() {
        json.close();
    }

    private static ZonedDateTime dateTime64(long seconds, long nanos, String type, Object value) {
        return ZonedDateTime.ofInstant(Instant.ofEpochSecond(inRange(seconds, DATE_TIME64_SECONDS, type, value),
                nanos), ZoneOffset.UTC);
    }

    /**
     * The number when the column can hold it; else the record is refused (the server would wrap or clamp it into
     * another date without a word).
     */
    private static long inRange(long number, long[] range, String type, Object value) {
        if (number < range[0] || number > range[1]) {
            throw new DataException("The value " + (value instanceof java.util.Date date ? date.toInstant() : value)
                    + " is outside the range of ClickHouse's " + type);
        }
        return number;
    }

    private String toJson(Schema schema, Object value) {
        return new String(json.fromConnectData("", schema, value), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static String unwrapNullable(String type) {
        return type.startsWith("Nullable(") ? type.substring("Nullable(".length(), type.length() - 1) : type;
    }

    /** The element type of Array(T), or the value type of Map(K, V). */
    private static String elementType(String type) {
        if (type.startsWith("Array(")) {
            return type.substring("Array(".length(), type.length() - 1);
        }
        int depth = 0;
        for (int i = "Map(".length(); i < type.length(); i++) {
            char c = type.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                return type.substring(i + 1, type.length() - 1).trim();
            }
        }
        return type;
    }
}
