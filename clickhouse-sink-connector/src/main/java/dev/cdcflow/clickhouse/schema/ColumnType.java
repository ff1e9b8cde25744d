package dev.cdcflow.clickhouse.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ClickHouse column type as the sink writes it: the type's DDL text and the conversion of a non-null Connect value
 * into what client-v2's RowBinary writer takes for that type. The two are made together ({@link ClickHouseTypes}),
 * so a type cannot be added to the DDL without saying how its values are written.
 */
public record ColumnType(String ddl, Conversion conversion) {

    private static final String NULLABLE = "Nullable(";

    /** Converts one non-null value. */
    @FunctionalInterface
    public interface Conversion {
        Object convert(Object value);
    }

    /** A type whose values client-v2 takes as Connect gives them. */
    static ColumnType of(String ddl) {
        return new ColumnType(ddl, value -> value);
    }

    /** The same type, nullable: values convert the same way, and nulls are written as NULL. */
    public ColumnType nullable() {
        return new ColumnType(NULLABLE + ddl + ")", conversion);
    }

    /** Array(element): each non-null item converted as the element type converts it. */
    static ColumnType arrayOf(ColumnType element) {
        return new ColumnType("Array(" + element.ddl + ")", value -> {
            List<Object> items = new ArrayList<>();
            ((List<?>) value).forEach(item -> items.add(item == null ? null : element.conversion.convert(item)));
            return items;
        });
    }

    /** Map(key, value): keys as they are (a Map key type needs no conversion), values as the value type's. */
    static ColumnType mapOf(ColumnType key, ColumnType value) {
        return new ColumnType("Map(" + key.ddl + ", " + value.ddl + ")", map -> {
            Map<Object, Object> entries = new LinkedHashMap<>();
            ((Map<?, ?>) map).forEach((k, v) -> entries.put(k, v == null ? null : value.conversion.convert(v)));
            return entries;
        });
    }

    /** Whether a type's DDL text, ours or the server's, is Nullable(…). */
    public static boolean isNullable(String ddl) {
        return ddl.startsWith(NULLABLE);
    }

    /** A type's DDL text without its Nullable(…) wrapper. */
    public static String withoutNullable(String ddl) {
        return isNullable(ddl) ? ddl.substring(NULLABLE.length(), ddl.length() - 1) : ddl;
    }
}
