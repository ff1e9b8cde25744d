package dev.cdcflow.iceberg.registry;

import dev.cdcflow.common.SchemaNames;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The types FlattenChangeEvent gives a row's fields, as its options say (time.precision,
 * variable.scale.decimal.handling and .scale, semantic.types): Debezium's time types become Connect's or
 * microseconds, variable-scale decimals text or a Decimal, semantic strings plain text. Types and names only, for
 * the submission check; FlattenedSchemaTest holds it to what the transform really makes.
 */
record FlattenedTypes(boolean micros, boolean variableScaleAsText, int variableScale, boolean semanticAsText) {

    private static final String DEBEZIUM_PREFIX = "io.debezium.";

    /** From the flatten's options ({@code transforms.<alias>.} taken off), each at its default when absent. */
    static FlattenedTypes of(Map<String, String> options) {
        return new FlattenedTypes("micros".equalsIgnoreCase(options.getOrDefault("time.precision", "millis")),
                "string".equalsIgnoreCase(options.getOrDefault("variable.scale.decimal.handling", "decimal")),
                Integer.parseInt(options.getOrDefault("variable.scale.decimal.scale", "9")),
                !"keep".equalsIgnoreCase(options.getOrDefault("semantic.types", "string")));
    }

    Schema of(Schema field) {
        SchemaBuilder builder = builder(field);
        if (builder == null) {
            return field;
        }
        if (field.isOptional()) {
            builder.optional();
        }
        return builder.build();
    }

    /** The builder of the type the flatten gives, or null when it keeps the field's own. */
    private SchemaBuilder builder(Schema field) {
        String name = field.name() == null ? "" : field.name();
        return switch (name) {
            case SchemaNames.DEBEZIUM_DATE -> Date.builder();
            case SchemaNames.DEBEZIUM_TIME, SchemaNames.DEBEZIUM_NANO_TIME -> micros ? microTime() : Time.builder();
            case SchemaNames.DEBEZIUM_MICRO_TIME -> micros ? null : Time.builder();
            case SchemaNames.DEBEZIUM_TIMESTAMP, SchemaNames.DEBEZIUM_NANO_TIMESTAMP,
                 SchemaNames.DEBEZIUM_ZONED_TIMESTAMP -> micros ? microTimestamp() : Timestamp.builder();
            case SchemaNames.DEBEZIUM_MICRO_TIMESTAMP -> micros ? null : Timestamp.builder();
            case SchemaNames.DEBEZIUM_VARIABLE_SCALE_DECIMAL -> variableScaleAsText ? SchemaBuilder.string()
                    : Decimal.builder(variableScale);
            default -> byType(field, name);
        };
    }

    private SchemaBuilder byType(Schema field, String name) {
        if (field.type() == Schema.Type.STRING && name.startsWith(DEBEZIUM_PREFIX) && semanticAsText) {
            return SchemaBuilder.string();
        }
        if (field.type() == Schema.Type.BYTES && name.equals(SchemaNames.DEBEZIUM_BITS) && semanticAsText) {
            return SchemaBuilder.string();
        }
        if (field.type() == Schema.Type.ARRAY) {
            Schema element = of(field.valueSchema());
            return element == field.valueSchema() ? null : SchemaBuilder.array(element);
        }
        return null;
    }

    private static SchemaBuilder microTime() {
        return SchemaBuilder.int64().name(SchemaNames.DEBEZIUM_MICRO_TIME);
    }

    private static SchemaBuilder microTimestamp() {
        return SchemaBuilder.int64().name(SchemaNames.DEBEZIUM_MICRO_TIMESTAMP);
    }
}
