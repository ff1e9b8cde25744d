package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.schema.Identifiers;
import java.math.BigDecimal;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;

/**
 * A field's default (Debezium gives a column's constant default to its field) as a ClickHouse literal, for a column
 * added after rows were written: those rows then read the default, as they do in PostgreSQL after
 * {@code ADD COLUMN ... DEFAULT}. Only plain values are rendered: numbers, booleans, text, decimals.
 */
final class ColumnDefaults {

    private ColumnDefaults() {
    }

    /** The literal, or null when the field has no default or one of another type. */
    static String literal(Schema schema) {
        Object value = schema.defaultValue();
        if (value == null) {
            return null;
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return ((BigDecimal) value).toPlainString();
        }
        if (schema.name() != null && schema.type() != Schema.Type.STRING) {
            return null;
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> value.toString();
            case BOOLEAN -> (Boolean) value ? "1" : "0";
            case STRING -> Identifiers.literal((String) value);
            default -> null;
        };
    }
}
