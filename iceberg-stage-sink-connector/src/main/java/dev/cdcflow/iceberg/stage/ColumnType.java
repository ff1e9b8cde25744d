package dev.cdcflow.iceberg.stage;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The type a stage column is cast to, as the stage config names it: {@code boolean}, {@code int}, {@code long},
 * {@code double}, {@code string}, {@code date}, {@code timestamp} (an instant, Iceberg's timestamptz) or
 * {@code decimal(P, S)}.
 */
public record ColumnType(Kind kind, int precision, int scale) {

    /** The kinds of stage column. */
    public enum Kind { BOOLEAN, INT, LONG, DOUBLE, STRING, DATE, TIMESTAMP, DECIMAL }

    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    /** Iceberg's widest decimal. */
    private static final int MAX_PRECISION = 38;

    /** Parses a type name; a name it does not know is an IllegalArgumentException that lists the known ones. */
    public static ColumnType parse(String text) {
        String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(name);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = Integer.parseInt(decimal.group(2));
            if (precision < 1 || precision > MAX_PRECISION || scale > precision) {
                throw new IllegalArgumentException("'" + text + "' is not a decimal Iceberg can hold: precision 1 to "
                        + MAX_PRECISION + ", scale 0 to the precision");
            }
            return new ColumnType(Kind.DECIMAL, precision, scale);
        }
        for (Kind kind : Kind.values()) {
            if (kind != Kind.DECIMAL && kind.name().toLowerCase(Locale.ROOT).equals(name)) {
                return new ColumnType(kind, 0, 0);
            }
        }
        throw new IllegalArgumentException("unknown type '" + text + "'; use one of boolean, int, long, double, "
                + "string, date, timestamp, decimal(P, S)");
    }

    /** The Iceberg type of the column. */
    public Type icebergType() {
        return switch (kind) {
            case BOOLEAN -> Types.BooleanType.get();
            case INT -> Types.IntegerType.get();
            case LONG -> Types.LongType.get();
            case DOUBLE -> Types.DoubleType.get();
            case STRING -> Types.StringType.get();
            case DATE -> Types.DateType.get();
            case TIMESTAMP -> Types.TimestampType.withZone();
            case DECIMAL -> Types.DecimalType.of(precision, scale);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + ", " + scale + ")"
                : kind.name().toLowerCase(Locale.ROOT);
    }
}
