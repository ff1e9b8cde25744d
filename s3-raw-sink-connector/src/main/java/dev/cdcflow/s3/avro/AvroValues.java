package dev.cdcflow.s3.avro;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/** Avro data for Connect values, following the schema {@link AvroSchemas} made from the same Connect schema. */
final class AvroValues {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private AvroValues() {
    }

    /** The Avro datum of {@code value} (of Connect {@code schema}) for {@code avro}. */
    static Object convert(Schema schema, Object value, org.apache.avro.Schema avro) {
        if (value == null) {
            if (!schema.isOptional()) {
                throw new DataException("A required " + describe(schema) + " is null");
            }
            return null;
        }
        org.apache.avro.Schema plain = nonNull(avro);
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME -> {
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    BigDecimal decimal = ((BigDecimal) value).setScale(scale, RoundingMode.UNNECESSARY);
                    return ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
                }
                case org.apache.kafka.connect.data.Date.LOGICAL_NAME -> {
                    return (int) Math.floorDiv(((Date) value).getTime(), MILLIS_PER_DAY);
                }
                case Time.LOGICAL_NAME -> {
                    return (int) ((Date) value).getTime();
                }
                case Timestamp.LOGICAL_NAME -> {
                    return ((Date) value).getTime();
                }
                default -> {
                    // Other named types carry their plain values.
                }
            }
        }
        return switch (schema.type()) {
            case INT8, INT16 -> ((Number) value).intValue();
            case BYTES -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case ARRAY -> array(schema, (List<?>) value, plain);
            case MAP -> map(schema, (Map<?, ?>) value, plain);
            case STRUCT -> record((Struct) value, plain);
            default -> value;
        };
    }

    private static GenericData.Record record(Struct struct, org.apache.avro.Schema avro) {
        GenericData.Record record = new GenericData.Record(avro);
        List<Field> fields = struct.schema().fields();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            org.apache.avro.Schema.Field avroField = avro.getFields().get(i);
            record.put(i, convert(field.schema(), struct.get(field), avroField.schema()));
        }
        return record;
    }

    private static List<Object> array(Schema schema, List<?> items, org.apache.avro.Schema avro) {
        List<Object> converted = new ArrayList<>(items.size());
        for (Object item : items) {
            converted.add(convert(schema.valueSchema(), item, avro.getElementType()));
        }
        return converted;
    }

    private static Object map(Schema schema, Map<?, ?> entries, org.apache.avro.Schema avro) {
        if (avro.getType() == org.apache.avro.Schema.Type.MAP) {
            Map<String, Object> converted = new LinkedHashMap<>();
            entries.forEach((key, value) -> converted.put((String) key,
                    convert(schema.valueSchema(), value, avro.getValueType())));
            return converted;
        }
        org.apache.avro.Schema entry = avro.getElementType();
        List<Object> converted = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> {
            GenericData.Record record = new GenericData.Record(entry);
            record.put(0, convert(schema.keySchema(), key, entry.getField("key").schema()));
            record.put(1, convert(schema.valueSchema(), value, entry.getField("value").schema()));
            converted.add(record);
        });
        return converted;
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema avro) {
        if (avro.getType() != org.apache.avro.Schema.Type.UNION) {
            return avro;
        }
        for (org.apache.avro.Schema branch : avro.getTypes()) {
            if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
                return branch;
            }
        }
        return avro;
    }

    private static String describe(Schema schema) {
        return schema.name() != null ? schema.name() : schema.type().getName();
    }
}
