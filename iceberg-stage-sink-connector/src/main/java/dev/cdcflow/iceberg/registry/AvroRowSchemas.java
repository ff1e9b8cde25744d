package dev.cdcflow.iceberg.registry;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The Connect schema of the rows a stage table gets, from the Avro schema a topic's values are registered with:
 * enough of it (field names, Connect types and logical names, read from the {@code connect.*} properties Avro
 * converters write) to check a stage config against. A Debezium envelope ({@code before}, {@code after},
 * {@code op}, ...) becomes what FlattenChangeEvent makes of it: the after-image's fields and the metadata fields.
 */
final class AvroRowSchemas {

    private static final String CONNECT_NAME = "connect.name";
    private static final String CONNECT_TYPE = "connect.type";

    private AvroRowSchemas() {
    }

    /** The row schema of values registered as {@code avro}, after the connector's transforms ({@code flatten}). */
    static Schema rowSchema(org.apache.avro.Schema avro, RegisteredSchemaCheck.Flatten flatten) {
        return flattened(toConnect(avro), flatten);
    }

    /**
     * What FlattenChangeEvent makes of values of schema {@code value}: a Debezium envelope becomes its after-image's
     * fields, typed as the flatten types them, and the metadata fields; anything else (or no flatten: null metadata)
     * stays as it is.
     */
    static Schema flattened(Schema value, RegisteredSchemaCheck.Flatten flatten) {
        Map<String, Schema> metadata = flatten.metadata();
        if (metadata == null || value.type() != Schema.Type.STRUCT || value.field("after") == null
                || value.field("op") == null) {
            return value;
        }
        SchemaBuilder row = SchemaBuilder.struct().name(value.name());
        value.field("after").schema().fields().forEach(field -> row.field(field.name(),
                flatten.types().of(field.schema())));
        metadata.forEach((name, schema) -> {
            if (row.field(name) == null) {
                row.field(name, schema);
            }
        });
        return row.build();
    }

    static Schema toConnect(org.apache.avro.Schema avro) {
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            List<org.apache.avro.Schema> types = avro.getTypes().stream()
                    .filter(type -> type.getType() != org.apache.avro.Schema.Type.NULL).toList();
            // A union of several types has no one Connect type: a struct, which casts to text only.
            return types.size() == 1 ? builder(types.get(0)).optional().build()
                    : SchemaBuilder.struct().optional().build();
        }
        return builder(avro).build();
    }

    private static SchemaBuilder builder(org.apache.avro.Schema avro) {
        SchemaBuilder builder = switch (avro.getType()) {
            case UNION -> SchemaBuilder.struct();
            case RECORD -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                avro.getFields().forEach(field -> struct.field(field.name(), toConnect(field.schema())));
                yield struct;
            }
            case INT -> switch (String.valueOf(avro.getProp(CONNECT_TYPE))) {
                case "int8" -> SchemaBuilder.int8();
                case "int16" -> SchemaBuilder.int16();
                default -> SchemaBuilder.int32();
            };
            case LONG -> SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            case STRING, ENUM -> SchemaBuilder.string();
            case BYTES, FIXED -> SchemaBuilder.bytes();
            case ARRAY -> SchemaBuilder.array(toConnect(avro.getElementType()));
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, toConnect(avro.getValueType()));
            case NULL -> SchemaBuilder.string().optional();
        };
        String name = name(avro);
        return name == null ? builder : builder.name(name);
    }

    private static String name(org.apache.avro.Schema avro) {
        String connectName = avro.getProp(CONNECT_NAME);
        if (connectName != null) {
            return connectName;
        }
        String logical = avro.getLogicalType() == null ? "" : avro.getLogicalType().getName();
        return switch (logical) {
            case "decimal" -> Decimal.LOGICAL_NAME;
            case "date" -> Date.LOGICAL_NAME;
            case "timestamp-millis" -> Timestamp.LOGICAL_NAME;
            default -> null;
        };
    }
}
