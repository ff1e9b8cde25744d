package dev.cdcflow.iceberg.stage;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;

/**
 * One field of a stage table's partition spec, written as Iceberg names its transforms: {@code day(event_date)},
 * {@code month(placed_at)}, {@code bucket(16, id)}, {@code truncate(4, sku)}, {@code identity(country)} or just
 * {@code country}.
 */
public record PartitionField(Transform transform, String column, int width) {

    /** Iceberg's partition transforms, each with the column types it applies to. */
    public enum Transform {
        IDENTITY(EnumSet.allOf(ColumnType.Kind.class)),
        YEAR(EnumSet.of(ColumnType.Kind.DATE, ColumnType.Kind.TIMESTAMP)),
        MONTH(EnumSet.of(ColumnType.Kind.DATE, ColumnType.Kind.TIMESTAMP)),
        DAY(EnumSet.of(ColumnType.Kind.DATE, ColumnType.Kind.TIMESTAMP)),
        HOUR(EnumSet.of(ColumnType.Kind.TIMESTAMP)),
        BUCKET(EnumSet.of(ColumnType.Kind.INT, ColumnType.Kind.LONG, ColumnType.Kind.STRING, ColumnType.Kind.DATE,
                ColumnType.Kind.TIMESTAMP, ColumnType.Kind.DECIMAL)),
        TRUNCATE(EnumSet.of(ColumnType.Kind.INT, ColumnType.Kind.LONG, ColumnType.Kind.STRING,
                ColumnType.Kind.DECIMAL));

        private final Set<ColumnType.Kind> appliesTo;

        Transform(Set<ColumnType.Kind> appliesTo) {
            this.appliesTo = appliesTo;
        }

        boolean takesWidth() {
            return this == BUCKET || this == TRUNCATE;
        }
    }

    private static final Pattern CALL = Pattern.compile("([A-Za-z]+)\\(\\s*(?:(\\d+)\\s*,\\s*)?([^,()\\s]+)\\s*\\)");

    /** Parses one entry of {@code partition_by}; a malformed one is an IllegalArgumentException saying why. */
    public static PartitionField parse(String text) {
        String entry = text == null ? "" : text.trim();
        if (entry.matches("[^,()\\s]+")) {
            return new PartitionField(Transform.IDENTITY, entry, 0);
        }
        Matcher call = CALL.matcher(entry);
        if (!call.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a partition field: write transform(column), "
                    + "e.g. day(event_date), bucket(16, id), or a bare column name");
        }
        Transform transform;
        try {
            transform = Transform.valueOf(call.group(1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown partition transform '" + call.group(1) + "'; use identity, "
                    + "year, month, day, hour, bucket(N, column) or truncate(W, column)");
        }
        if (transform.takesWidth() != (call.group(2) != null)) {
            throw new IllegalArgumentException(transform.takesWidth()
                    ? "'" + text + "': " + call.group(1) + " needs a number first, e.g. " + call.group(1) + "(16, "
                            + call.group(3) + ")"
                    : "'" + text + "': " + call.group(1) + " takes only a column");
        }
        int width = call.group(2) == null ? 0 : Integer.parseInt(call.group(2));
        if (transform.takesWidth() && width < 1) {
            throw new IllegalArgumentException("'" + text + "': the number must be 1 or more");
        }
        return new PartitionField(transform, call.group(3), width);
    }

    /** Refuses a transform the column's type does not allow, e.g. hour of a date. */
    void requireFits(ColumnType type) {
        if (!transform.appliesTo.contains(type.kind())) {
            throw new IllegalArgumentException(transform.name().toLowerCase(Locale.ROOT) + "(" + column + ") does "
                    + "not apply to a " + type + " column");
        }
    }

    /** Adds this field to a spec under construction. */
    void addTo(PartitionSpec.Builder spec) {
        switch (transform) {
            case IDENTITY -> spec.identity(column);
            case YEAR -> spec.year(column);
            case MONTH -> spec.month(column);
            case DAY -> spec.day(column);
            case HOUR -> spec.hour(column);
            case BUCKET -> spec.bucket(column, width);
            case TRUNCATE -> spec.truncate(column, width);
        }
    }
}
