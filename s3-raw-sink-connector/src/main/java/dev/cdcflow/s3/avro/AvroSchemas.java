package dev.cdcflow.s3.avro;

import dev.cdcflow.common.SchemaNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Field;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Avro schemas for Connect schemas. Structs become records (named after the Connect schema, else after their place),
 * optional schemas unions with null (default null), Decimal/Date/Time/Timestamp Avro's logical types, maps with
 * non-string keys arrays of key/value records. Connect details Avro has no place for (int8/int16, other named types)
 * are kept as {@code connect.*} properties. One instance converts one schema: it tracks the record names it defined.
 */
final class AvroSchemas {

    static final String CONNECT_TYPE = "connect.type";
    static final String CONNECT_NAME = "connect.name";
    static final String CONNECT_FIELD = "connect.field";
    private static final int DEFAULT_PRECISION = 38;

    private final Map<String, Schema> definedNames = new HashMap<>();
    private final Map<String, org.apache.avro.Schema> definedRecords = new HashMap<>();
    /** The Avro full names defined, and the Connect name each was made from. */
    private final Map<String, String> avroNames = new HashMap<>();

    AvroSchemas() {
    }

    /** The Avro schema of values of {@code schema}; a struct named {@code fallbackName} when it has no name. */
    static org.apache.avro.Schema of(Schema schema, String fallbackName) {
        return new AvroSchemas().convert(schema, fallbackName);
    }

    /** As {@link #of}, for a schema inside a bigger one: names already defined there are not defined again. */
    org.apache.avro.Schema convert(Schema schema, String placeName) {
        org.apache.avro.Schema plain = convertRequired(schema, placeName);
        return schema.isOptional() ? org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(
                org.apache.avro.Schema.Type.NULL), plain) : plain;
    }

    private org.apache.avro.Schema convertRequired(Schema schema, String placeName) {
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME -> {
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    String precision = schema.parameters() == null ? null
                            : schema.parameters().get(SchemaNames.DECIMAL_PRECISION_PARAMETER);
                    int digits = precision == null ? Math.max(DEFAULT_PRECISION, scale) : Integer.parseInt(precision);
                    return LogicalTypes.decimal(digits, scale).addToSchema(
                            org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
                }
                case Date.LOGICAL_NAME -> {
                    return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(
                            org.apache.avro.Schema.Type.INT));
                }
                case Time.LOGICAL_NAME -> {
                    return LogicalTypes.timeMillis().addToSchema(org.apache.avro.Schema.create(
                            org.apache.avro.Schema.Type.INT));
                }
                case Timestamp.LOGICAL_NAME -> {
                    return LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(
                            org.apache.avro.Schema.Type.LONG));
                }
                default -> {
                    // Other named types (Debezium's, say) keep their name as a property.
                }
            }
        }
        org.apache.avro.Schema avro = switch (schema.type()) {
            case INT8, INT16, INT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
            case FLOAT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case STRING -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
            case BYTES -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
            case ARRAY -> org.apache.avro.Schema.createArray(convert(schema.valueSchema(), placeName + "_item"));
            case MAP -> map(schema, placeName);
            case STRUCT -> record(schema, placeName);
        };
        if (schema.type() == Schema.Type.INT8 || schema.type() == Schema.Type.INT16) {
            avro.addProp(CONNECT_TYPE, schema.type().getName());
        }
        if (name != null && schema.type() != Schema.Type.STRUCT) {
            avro.addProp(CONNECT_NAME, name);
        }
        return avro;
    }

    private org.apache.avro.Schema map(Schema schema, String placeName) {
        if (schema.keySchema().type() == Schema.Type.STRING && !schema.keySchema().isOptional()) {
            return org.apache.avro.Schema.createMap(convert(schema.valueSchema(), placeName + "_value"));
        }
        // Avro maps have string keys only: other maps become arrays of key/value records.
        org.apache.avro.Schema entry = SchemaBuilder.record(uniqueName(placeName + "_entry", null)).fields()
                .name("key").type(convert(schema.keySchema(), placeName + "_key")).noDefault()
                .name("value").type(convert(schema.valueSchema(), placeName + "_value")).noDefault()
                .endRecord();
        return org.apache.avro.Schema.createArray(entry);
    }

    private org.apache.avro.Schema record(Schema schema, String placeName) {
        String recordName = schema.name() == null ? placeName : schema.name();
        org.apache.avro.Schema same = definedRecords.get(recordName);
        if (same != null && schema.equals(definedNames.get(recordName))) {
            // Debezium's before and after share one row type: define it once, refer to it again.
            return same;
        }
        String unique = uniqueName(recordName, schema);
        List<String> fieldNames = fieldNames(schema.fields());
        List<Field> fields = new ArrayList<>();
        for (org.apache.kafka.connect.data.Field field : schema.fields()) {
            String fieldName = fieldNames.get(field.index());
            org.apache.avro.Schema fieldSchema = convert(field.schema(), unique + "_" + fieldName);
            Field avroField = field.schema().isOptional()
                    ? new Field(fieldName, fieldSchema, null, Field.NULL_DEFAULT_VALUE)
                    : new Field(fieldName, fieldSchema, null, (Object) null);
            if (!fieldName.equals(field.name())) {
                avroField.addProp(CONNECT_FIELD, field.name());
            }
            fields.add(avroField);
        }
        int dot = unique.lastIndexOf('.');
        org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(
                AvroNames.name(unique.substring(dot + 1)), schema.doc(),
                dot < 0 ? null : AvroNames.namespace(unique.substring(0, dot)), false, fields);
        if (schema.version() != null) {
            record.addProp("connect.version", schema.version());
        }
        definedRecords.put(unique, record);
        definedNames.put(unique, schema);
        avroNames.put(avroFullName(unique), unique);
        return record;
    }

    /**
     * Valid, distinct Avro names for the fields, in order: names Avro allows are kept; the others are made valid
     * and, if that makes them equal to another field's name ('a-b' and 'a_b'), get '_2', '_3' … in field order.
     */
    private static List<String> fieldNames(List<org.apache.kafka.connect.data.Field> fields) {
        Set<String> used = new HashSet<>();
        for (org.apache.kafka.connect.data.Field field : fields) {
            if (AvroNames.field(field.name()).equals(field.name())) {
                used.add(field.name());
            }
        }
        List<String> names = new ArrayList<>();
        for (org.apache.kafka.connect.data.Field field : fields) {
            String valid = AvroNames.field(field.name());
            String name = valid;
            if (!valid.equals(field.name())) {
                for (int i = 2; !used.add(name); i++) {
                    name = valid + "_" + i;
                }
            }
            names.add(name);
        }
        return names;
    }

    /** The full Avro name a record of this (Connect) name gets. */
    private static String avroFullName(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? AvroNames.name(name)
                : AvroNames.namespace(name.substring(0, dot)) + "." + AvroNames.name(name.substring(dot + 1));
    }

    /**
     * {@code name}, or {@code name_2}, {@code name_3} … when a different type already has it, or when another name
     * becomes the same Avro name ('ns.a-b' and 'ns.a_b' are both 'ns.a_b' in Avro).
     */
    private String uniqueName(String name, Schema schema) {
        String candidate = name;
        for (int i = 2; taken(candidate, schema); i++) {
            candidate = name + "_" + i;
        }
        if (schema == null) {
            definedNames.put(candidate, null);
            avroNames.put(avroFullName(candidate), candidate);
        }
        return candidate;
    }

    private boolean taken(String candidate, Schema schema) {
        if (definedNames.containsKey(candidate)) {
            return !Objects.equals(definedNames.get(candidate), schema);
        }
        return avroNames.containsKey(avroFullName(candidate));
    }
}
