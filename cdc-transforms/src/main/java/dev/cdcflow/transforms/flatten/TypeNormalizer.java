package dev.cdcflow.transforms.flatten;

import dev.cdcflow.common.SchemaNames;
import dev.cdcflow.transforms.flatten.FlattenOptions.SemanticTypeHandling;
import dev.cdcflow.transforms.flatten.FlattenOptions.TimePrecision;
import dev.cdcflow.transforms.flatten.FlattenOptions.VariableScaleDecimalHandling;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps Debezium's logical types onto standard Connect types a sink can map without knowing Debezium, once per
 * schema: the result is the output schema and a converter for values of the input schema. Schemas that need no
 * change come back as they are, with an identity converter, so unchanged columns cost nothing per record.
 */
public final class TypeNormalizer {


    private static final String DEBEZIUM_PREFIX = "io.debezium.";
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** Converts one value of the input schema to the output schema; never called with null. */
    @FunctionalInterface
    public interface Converter {
        Object convert(Object value);
    }

    /** The output schema of an input schema, and how to convert its values. */
    public record Normalized(Schema schema, Converter converter) {

        /** True when the output is the input: no conversion needed. */
        public boolean unchanged(Schema input) {
            return schema == input;
        }

        /** Converts a value, passing null through. */
        public Object apply(Object value) {
            return value == null ? null : converter.convert(value);
        }
    }

    private static final Converter IDENTITY = value -> value;

    private final TimePrecision timePrecision;
    private final VariableScaleDecimalHandling variableScaleDecimal;
    private final int variableScale;
    private final SemanticTypeHandling semanticTypes;

    public TypeNormalizer(TimePrecision timePrecision, VariableScaleDecimalHandling variableScaleDecimal,
                          int variableScale, SemanticTypeHandling semanticTypes) {
        this.timePrecision = timePrecision;
        this.variableScaleDecimal = variableScaleDecimal;
        this.variableScale = variableScale;
        this.semanticTypes = semanticTypes;
    }

    public Normalized normalize(Schema schema) {
        String name = schema.name() == null ? "" : schema.name();
        boolean micros = timePrecision == TimePrecision.MICROS;
        switch (name) {
            case SchemaNames.DEBEZIUM_DATE:
                return derived(schema, org.apache.kafka.connect.data.Date.builder(),
                        value -> new Date(((Number) value).intValue() * MILLIS_PER_DAY));
            case SchemaNames.DEBEZIUM_TIME:
                return micros
                        ? derived(schema, microTime(), value -> ((Number) value).longValue() * 1_000L)
                        : derived(schema, Time.builder(), value -> new Date(((Number) value).longValue()));
            case SchemaNames.DEBEZIUM_MICRO_TIME:
                return micros ? same(schema)
                        : derived(schema, Time.builder(),
                                value -> new Date(Math.floorDiv(((Number) value).longValue(), 1_000L)));
            case SchemaNames.DEBEZIUM_NANO_TIME:
                return micros
                        ? derived(schema, microTime(), value -> Math.floorDiv(((Number) value).longValue(), 1_000L))
                        : derived(schema, Time.builder(),
                                value -> new Date(Math.floorDiv(((Number) value).longValue(), 1_000_000L)));
            case SchemaNames.DEBEZIUM_TIMESTAMP:
                return micros
                        ? derived(schema, microTimestamp(), value -> ((Number) value).longValue() * 1_000L)
                        : derived(schema, Timestamp.builder(), value -> new Date(((Number) value).longValue()));
            case SchemaNames.DEBEZIUM_MICRO_TIMESTAMP:
                return micros ? same(schema)
                        : derived(schema, Timestamp.builder(),
                                value -> new Date(Math.floorDiv(((Number) value).longValue(), 1_000L)));
            case SchemaNames.DEBEZIUM_NANO_TIMESTAMP:
                return micros
                        ? derived(schema, microTimestamp(),
                                value -> Math.floorDiv(((Number) value).longValue(), 1_000L))
                        : derived(schema, Timestamp.builder(),
                                value -> new Date(Math.floorDiv(((Number) value).longValue(), 1_000_000L)));
            case SchemaNames.DEBEZIUM_ZONED_TIMESTAMP:
                return micros
                        ? derived(schema, microTimestamp(), value -> epochMicros(parseInstant(value)))
                        : derived(schema, Timestamp.builder(), value -> new Date(parseInstant(value).toEpochMilli()));
            case SchemaNames.DEBEZIUM_VARIABLE_SCALE_DECIMAL:
                return variableScaleDecimal(schema);
            case SchemaNames.DEBEZIUM_BITS:
                return semanticTypes == SemanticTypeHandling.STRING ? bits(schema) : same(schema);
            default:
                return byType(schema, name);
        }
    }

    private Normalized byType(Schema schema, String name) {
        switch (schema.type()) {
            case STRING:
                return name.startsWith(DEBEZIUM_PREFIX) && semanticTypes == SemanticTypeHandling.STRING
                        ? semanticString(schema, name) : same(schema);
            case ARRAY:
                return array(schema);
            case MAP:
                return map(schema);
            case STRUCT:
                return struct(schema);
            default:
                return same(schema);
        }
    }

    private Normalized variableScaleDecimal(Schema schema) {
        Converter exact = value -> {
            Struct struct = (Struct) value;
            return new BigDecimal(new BigInteger(struct.getBytes("value")), struct.getInt32("scale"));
        };
        if (variableScaleDecimal == VariableScaleDecimalHandling.STRING) {
            return derived(schema, SchemaBuilder.string()
                            .parameter(SchemaNames.SEMANTIC_TYPE_PARAMETER,
                                    SchemaNames.DEBEZIUM_VARIABLE_SCALE_DECIMAL),
                    value -> ((BigDecimal) exact.convert(value)).toPlainString());
        }
        return derived(schema, Decimal.builder(variableScale),
                value -> ((BigDecimal) exact.convert(value)).setScale(variableScale, RoundingMode.HALF_EVEN));
    }

    /**
     * bit(n) and varbit as PostgreSQL writes them ('0110'), from Debezium's bytes (least significant byte and bit
     * first, bit 0 being the last character). bit(n) keeps its n characters; a varbit's length is not sent, so its
     * leading zeros cannot come back ('0110' arrives as '110').
     */
    private static Normalized bits(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        String declared = parameters == null ? null : parameters.get("length");
        int length = declared == null || Integer.parseInt(declared) == Integer.MAX_VALUE ? -1
                : Integer.parseInt(declared);
        SchemaBuilder builder = SchemaBuilder.string();
        if (parameters != null) {
            builder.parameters(parameters);
        }
        builder.parameter(SchemaNames.SEMANTIC_TYPE_PARAMETER, SchemaNames.DEBEZIUM_BITS);
        return derived(schema, builder, value -> bitsText(value, length));
    }

    static String bitsText(Object value, int length) {
        BitSet bits = BitSet.valueOf(value instanceof ByteBuffer buffer ? buffer.duplicate() : ByteBuffer.wrap(
                (byte[]) value));
        int digits = length >= 0 ? length : Math.max(bits.length(), 1);
        StringBuilder text = new StringBuilder(digits);
        for (int i = digits - 1; i >= 0; i--) {
            text.append(bits.get(i) ? '1' : '0');
        }
        return text.toString();
    }

    private static Normalized semanticString(Schema schema, String name) {
        SchemaBuilder builder = SchemaBuilder.string();
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        builder.parameter(SchemaNames.SEMANTIC_TYPE_PARAMETER, name);
        return derived(schema, builder, IDENTITY);
    }

    private Normalized array(Schema schema) {
        Normalized element = normalize(schema.valueSchema());
        if (element.unchanged(schema.valueSchema())) {
            return same(schema);
        }
        return derived(schema, SchemaBuilder.array(element.schema()), value -> {
            List<?> list = (List<?>) value;
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(item -> converted.add(element.apply(item)));
            return converted;
        });
    }

    private Normalized map(Schema schema) {
        Normalized key = normalize(schema.keySchema());
        Normalized entry = normalize(schema.valueSchema());
        if (key.unchanged(schema.keySchema()) && entry.unchanged(schema.valueSchema())) {
            return same(schema);
        }
        return derived(schema, SchemaBuilder.map(key.schema(), entry.schema()), value -> {
            Map<?, ?> map = (Map<?, ?>) value;
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(key.apply(k), entry.apply(v)));
            return converted;
        });
    }

    private Normalized struct(Schema schema) {
        List<Field> fields = schema.fields();
        Normalized[] normalizedFields = new Normalized[fields.size()];
        boolean changed = false;
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version());
        for (Field field : fields) {
            Normalized normalized = normalize(field.schema());
            normalizedFields[field.index()] = normalized;
            changed |= !normalized.unchanged(field.schema());
            builder.field(field.name(), normalized.schema());
        }
        if (!changed) {
            return same(schema);
        }
        if (schema.isOptional()) {
            builder.optional();
        }
        if (schema.doc() != null) {
            builder.doc(schema.doc());
        }
        Schema output = builder.build();
        List<Field> outputFields = output.fields();
        return new Normalized(output, value -> {
            Struct in = (Struct) value;
            Struct out = new Struct(output);
            for (Field field : fields) {
                out.put(outputFields.get(field.index()), normalizedFields[field.index()].apply(in.get(field)));
            }
            return out;
        });
    }

    private static Normalized same(Schema schema) {
        return new Normalized(schema, IDENTITY);
    }

    /** A new schema from {@code builder}, keeping the input's optionality, doc and (converted) default. */
    private static Normalized derived(Schema input, SchemaBuilder builder, Converter converter) {
        if (input.isOptional()) {
            builder.optional();
        }
        if (input.doc() != null) {
            builder.doc(input.doc());
        }
        if (input.defaultValue() != null) {
            builder.defaultValue(converter.convert(input.defaultValue()));
        }
        return new Normalized(builder.build(), converter);
    }

    private static SchemaBuilder microTime() {
        return SchemaBuilder.int64().name(SchemaNames.DEBEZIUM_MICRO_TIME).version(1);
    }

    private static SchemaBuilder microTimestamp() {
        return SchemaBuilder.int64().name(SchemaNames.DEBEZIUM_MICRO_TIMESTAMP).version(1);
    }

    private static Instant parseInstant(Object value) {
        try {
            return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (RuntimeException e) {
            throw new DataException("Not an ISO-8601 timestamp with offset: '" + value + "'", e);
        }
    }

    static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
