package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.schema.Identifiers;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A row's key as a SQL literal for {@code WHERE (key columns) IN (...)}: its columns' values in the row, each as
 * ClickHouse reads it for a column of the type the sink made of it. Only the types primary keys are made of are
 * rendered: integers, text (and text-like semantic types such as UUIDs), booleans, decimals and dates.
 */
final class KeyLiterals {

    private KeyLiterals() {
    }

    /** {@code value} or {@code (a, b)} for the columns {@code keys} of {@code row}. */
    static String of(Struct row, List<Field> keys) {
        List<String> values = keys.stream().map(key -> literal(row.get(key), key)).toList();
        return values.size() == 1 ? values.get(0) : values.stream().collect(Collectors.joining(", ", "(", ")"));
    }

    private static String literal(Object value, Field field) {
        Schema schema = field.schema();
        if (value == null) {
            throw new DataException("Key column '" + field.name() + "' is null");
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return ((BigDecimal) value).toPlainString();
        }
        if (Date.LOGICAL_NAME.equals(schema.name())) {
            return Identifiers.literal(((java.util.Date) value).toInstant().atZone(ZoneOffset.UTC).toLocalDate()
                    .toString());
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> {
                if (schema.name() != null) {
                    throw unsupported(field);
                }
                yield value.toString();
            }
            case BOOLEAN -> (Boolean) value ? "1" : "0";
            case STRING -> Identifiers.literal((String) value);
            default -> throw unsupported(field);
        };
    }

    private static DataException unsupported(Field field) {
        Schema schema = field.schema();
        return new DataException("Key column '" + field.name() + "' is " + schema.type()
                + (schema.name() == null ? "" : " (" + schema.name() + ")") + ", which the sink cannot look a row "
                + "up by to take the values the change event lacked; set REPLICA IDENTITY FULL on the source table, "
                + "so that Debezium sends them");
    }
}
