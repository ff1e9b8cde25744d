package dev.cdcflow.transforms.validate;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The types a {@code type} rule can ask for: a value passes when it is of the type or can be read as it. */
enum ValueType {
    INT8(Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64(Long.MIN_VALUE, Long.MAX_VALUE),
    FLOAT64(0, 0),
    DECIMAL(0, 0),
    BOOLEAN(0, 0),
    STRING(0, 0),
    TIMESTAMP(0, 0);

    private final long min;
    private final long max;

    ValueType(long min, long max) {
        this.min = min;
        this.max = max;
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ValueType parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    boolean accepts(Object value) {
        switch (this) {
            case STRING:
                return true;
            case BOOLEAN:
                return value instanceof Boolean || "true".equalsIgnoreCase(value.toString())
                        || "false".equalsIgnoreCase(value.toString());
            case TIMESTAMP:
                return value instanceof java.util.Date || value instanceof Long || isIsoTimestamp(value.toString());
            case FLOAT64:
            case DECIMAL:
                return toDecimal(value) != null;
            default:
                BigDecimal decimal = toDecimal(value);
                if (decimal == null || decimal.stripTrailingZeros().scale() > 0) {
                    return false;
                }
                return decimal.compareTo(BigDecimal.valueOf(min)) >= 0
                        && decimal.compareTo(BigDecimal.valueOf(max)) <= 0;
        }
    }

    /** A number as BigDecimal (numbers and numeric text), or null when it is not one. */
    static BigDecimal toDecimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? BigDecimal.valueOf(number) : null;
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isIsoTimestamp(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
