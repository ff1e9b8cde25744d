package dev.cdcflow.s3.layout;

import dev.cdcflow.common.ErrantRecords;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The time of a record that places it in the layout and in a file's span: a field of its value, or its Kafka
 * timestamp (always for tombstones). Both come from the record, so a replay places every record where it went the
 * first time.
 */
public final class RecordTime {

    private final String[] fieldPath;

    /** @param field dotted path of the value field, or null for the Kafka timestamp */
    public RecordTime(String field) {
        this.fieldPath = field == null ? null : field.split("\\.");
    }

    /** @throws DataException when the record has no usable time */
    public long of(SinkRecord record) {
        // A tombstone has no fields: it takes its Kafka timestamp.
        if (fieldPath == null || record.value() == null) {
            if (record.timestamp() == null) {
                throw new DataException("Record " + ErrantRecords.coordinates(record) + " has no timestamp; set "
                        + "timestamp.field to a field that has one");
            }
            return record.timestamp();
        }
        Object value = record.value();
        for (String name : fieldPath) {
            value = child(value, name);
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Date date) {
            return date.getTime();
        }
        throw new DataException("Record " + ErrantRecords.coordinates(record) + ": timestamp field '"
                + String.join(".", fieldPath) + "' is "
                + (value == null ? "missing or null" : "a " + value.getClass().getSimpleName())
                + ", not epoch milliseconds or a Timestamp");
    }

    private static Object child(Object value, String name) {
        if (value instanceof Struct struct) {
            Field field = struct.schema().field(name);
            return field == null ? null : struct.get(field);
        }
        if (value instanceof Map<?, ?> map) {
            return map.get(name);
        }
        return null;
    }
}
