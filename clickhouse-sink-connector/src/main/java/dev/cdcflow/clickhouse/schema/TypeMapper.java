package dev.cdcflow.clickhouse.schema;

import dev.cdcflow.common.SchemaNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Maps Connect schemas to ClickHouse column types, per server capability. Sub-second timestamps become
 * DateTime64 where the server has it; older servers keep the exact value as Int64 epoch milliseconds (or
 * microseconds) rather than truncate it to DateTime's seconds. Nested rows, and maps where the server has no Map type,
 * are written as JSON text. A field may declare its column's type (a batch model does).
 */
public final class TypeMapper implements AutoCloseable {

    private static final int MAX_DECIMAL_PRECISION = 38;

    private final ServerCapabilities capabilities;
    private final JsonConverter json = new JsonConverter();

    public TypeMapper(ServerCapabilities capabilities) {
        this.capabilities = capabilities;
        json.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
    }

    /** The column type for values of {@code schema}, Nullable when the schema is optional and the type allows it. */
    public ColumnType columnType(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        String declared = parameters == null ? null : parameters.get(SchemaNames.CLICKHOUSE_TYPE_PARAMETER);
        ColumnType type = declared == null ? baseType(schema) : declaredType(ColumnType.withoutNullable(declared),
                schema);
        boolean nullableAllowed = schema.type() != Schema.Type.ARRAY && schema.type() != Schema.Type.MAP;
        return schema.isOptional() && nullableAllowed ? type.nullable() : type;
    }

    @Override
    public void close() {
        json.close();
    }

    private ColumnType baseType(Schema schema) {
        String name = schema.name() == null ? "" : schema.name();
        switch (name) {
            case Decimal.LOGICAL_NAME:
                return decimal(schema);
            case Date.LOGICAL_NAME:
                return capabilities.date32() ? ClickHouseTypes.DATE32 : ClickHouseTypes.DATE;
            case Time.LOGICAL_NAME:
                return ClickHouseTypes.TIME_MILLIS;
            case Timestamp.LOGICAL_NAME:
                return capabilities.dateTime64() ? ClickHouseTypes.DATE_TIME64_MILLIS : ClickHouseTypes.EPOCH_MILLIS;
            case SchemaNames.DEBEZIUM_MICRO_TIMESTAMP:
                return capabilities.dateTime64() ? ClickHouseTypes.DATE_TIME64_MICROS : ClickHouseTypes.INT64;
            case SchemaNames.DEBEZIUM_MICRO_TIME:
                return ClickHouseTypes.INT64;
            case SchemaNames.DEBEZIUM_UUID:
                return ClickHouseTypes.UUID_TYPE;
            default:
                break;
        }
        switch (schema.type()) {
            case INT8:
                return ClickHouseTypes.INT8;
            case INT16:
                return ClickHouseTypes.INT16;
            case INT32:
                return ClickHouseTypes.INT32;
            case INT64:
                return ClickHouseTypes.INT64;
            case FLOAT32:
                return ClickHouseTypes.FLOAT32;
            case FLOAT64:
                return ClickHouseTypes.FLOAT64;
            case BOOLEAN:
                return capabilities.bool() ? ClickHouseTypes.BOOL : ClickHouseTypes.UINT8;
            case STRING:
                Map<String, String> parameters = schema.parameters();
                boolean uuid = parameters != null
                        && SchemaNames.DEBEZIUM_UUID.equals(parameters.get(SchemaNames.SEMANTIC_TYPE_PARAMETER));
                return uuid ? ClickHouseTypes.UUID_TYPE : ClickHouseTypes.STRING;
            case BYTES:
                return ClickHouseTypes.BYTES;
            case ARRAY:
                return ColumnType.arrayOf(columnType(schema.valueSchema()));
            case MAP:
                // Map keys cannot be Nullable; where the server has no Map type the map is stored as JSON text.
                return capabilities.map() ? ColumnType.mapOf(baseType(schema.keySchema()),
                        columnType(schema.valueSchema())) : jsonText(schema);
            case STRUCT:
                // Nested rows are stored as JSON text: readable everywhere, and free to evolve.
                return jsonText(schema);
            default:
                throw new DataException("No ClickHouse type for Connect type " + schema.type());
        }
    }

    /**
     * The type a field declares for its column ({@link SchemaNames#CLICKHOUSE_TYPE_PARAMETER}, e.g. a batch model's
     * UInt32): its values convert as their Connect type's do, except timestamps, which a DateTime column takes as a
     * date-time rather than as the epoch number a server without DateTime64 gets.
     */
    private ColumnType declaredType(String declared, Schema schema) {
        if (declared.equals("DateTime")) {
            return ClickHouseTypes.DATE_TIME;
        }
        return new ColumnType(declared, baseType(schema).conversion());
    }

    private ColumnType jsonText(Schema schema) {
        return new ColumnType(ClickHouseTypes.STRING.ddl(),
                value -> new String(json.fromConnectData("", schema, value), StandardCharsets.UTF_8));
    }

    /**
     * Decimal(P, S) where ClickHouse has it; a decimal wider than 38 digits, or with a scale outside 0..P (PostgreSQL
     * 15 allows both), is kept exact as its plain text in a String column.
     */
    private static ColumnType decimal(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        int scale = Integer.parseInt(parameters.get(Decimal.SCALE_FIELD));
        String declared = parameters.get(SchemaNames.DECIMAL_PRECISION_PARAMETER);
        int precision = declared == null ? MAX_DECIMAL_PRECISION : Integer.parseInt(declared);
        if (precision > MAX_DECIMAL_PRECISION || scale > precision || scale < 0) {
            return ClickHouseTypes.DECIMAL_TEXT;
        }
        return ClickHouseTypes.decimal(precision, scale);
    }
}
