package dev.cdcflow.transforms.flatten;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads the parts of Debezium's {@code source} block the metadata needs: the version, the commit time and the
 * table. Field lookups are resolved once per source schema.
 */
final class SourceBlock {

    static final String TS_MS = "ts_ms";
    static final String TABLE = "table";

    private final List<String> versionFieldNames;
    private final Field[] versionFields;
    private final Field tsMs;
    private final Field table;

    private SourceBlock(List<String> versionFieldNames, Field[] versionFields, Field tsMs, Field table) {
        this.versionFieldNames = versionFieldNames;
        this.versionFields = versionFields;
        this.tsMs = tsMs;
        this.table = table;
    }

    /** For structs of {@code sourceSchema} (null: the envelope has no source block). */
    static SourceBlock of(Schema sourceSchema, List<String> versionFieldNames) {
        if (sourceSchema == null) {
            return new SourceBlock(versionFieldNames, new Field[0], null, null);
        }
        Field[] versionFields = versionFieldNames.stream().map(sourceSchema::field)
                .filter(field -> field != null).toArray(Field[]::new);
        return new SourceBlock(versionFieldNames, versionFields, sourceSchema.field(TS_MS), sourceSchema.field(TABLE));
    }

    long version(Struct source, String topic) {
        if (source != null) {
            for (Field field : versionFields) {
                Object value = source.get(field);
                if (value != null) {
                    return toVersion(value, field.name(), topic);
                }
            }
        }
        throw missingVersion(topic);
    }

    long version(Map<?, ?> source, String topic) {
        if (source != null) {
            for (String name : versionFieldNames) {
                Object value = source.get(name);
                if (value != null) {
                    return toVersion(value, name, topic);
                }
            }
        }
        throw missingVersion(topic);
    }

    Long tsMs(Struct source) {
        return source == null || tsMs == null ? null : (Long) source.get(tsMs);
    }

    static Long tsMs(Map<?, ?> source) {
        Object value = source == null ? null : source.get(TS_MS);
        return value instanceof Number number ? number.longValue() : null;
    }

    String table(Struct source) {
        return source == null || table == null ? null : (String) source.get(table);
    }

    static String table(Map<?, ?> source) {
        Object value = source == null ? null : source.get(TABLE);
        return value == null ? null : value.toString();
    }

    private static long toVersion(Object value, String field, String topic) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new DataException("source." + field + " of a change event on " + topic + " is '" + value
                    + "', not a number; choose another field with version.source.fields");
        }
    }

    private DataException missingVersion(String topic) {
        return new DataException("A change event on " + topic + " has none of the version fields "
                + versionFieldNames.stream().map(name -> "source." + name).toList()
                + "; set version.source.fields to a field this connector fills");
    }
}
