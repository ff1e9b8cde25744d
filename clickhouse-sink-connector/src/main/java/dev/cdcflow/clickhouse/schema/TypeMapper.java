package dev.cdcflow.clickhouse.schema;

import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps Connect schemas to ClickHouse column types, per server capability. Sub-second timestamps become
 * DateTime64 where the server has it; older servers keep the exact value as Int64 epoch milliseconds (or
 * microseconds) rather than truncate it to DateTime's seconds.
 */
public final class TypeMapper {

    public static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    public static final String MICRO_TIME = "io.debezium.time.MicroTime";
    public static final String SEMANTIC_TYPE_PARAMETER = "cdcflow.semantic.type";
    private static final String UUID = "io.debezium.data.Uuid";
    private static final String DECIMAL_PRECISION = "connect.decimal.precision";
    private static final int MAX_DECIMAL_PRECISION = 38;

    private final ServerCapabilities capabilities;

    public TypeMapper(ServerCapabilities capabilities) {
        this.capabilities = capabilities;
    }

    /** The column type for values of {@code schema}, Nullable when the schema is optional and the type allows it. */
    public String columnType(Schema schema) {
        String type = baseType(schema);
        boolean nullableAllowed = schema.type() != Schema.Type.ARRAY && schema.type() != Schema.Type.MAP;
        return schema.isOptional() && nullableAllowed ? "Nullable(" + type + ")" : type;
    }

    private String baseType(Schema schema) {
        String name = schema.name() == null ? "" : schema.name();
        switch (name) {
            case Decimal.LOGICAL_NAME:
                return decimal(schema);
            case Date.LOGICAL_NAME:
                return capabilities.date32() ? "Date32" : "Date";
            case Time.LOGICAL_NAME:
                // ClickHouse has no time-of-day type on the servers this supports: milliseconds of the day.
                return "Int32";
            case Timestamp.LOGICAL_NAME:
                return capabilities.dateTime64() ? "DateTime64(3, 'UTC')" : "Int64";
            case MICRO_TIMESTAMP:
                return capabilities.dateTime64() ? "DateTime64(6, 'UTC')" : "Int64";
            case MICRO_TIME:
                return "Int64";
            case UUID:
                return "UUID";
            default:
                break;
        }
        switch (schema.type()) {
            case INT8:
                return "Int8";
            case INT16:
                return "Int16";
            case INT32:
                return "Int32";
            case INT64:
                return "Int64";
            case FLOAT32:
                return "Float32";
            case FLOAT64:
                return "Float64";
            case BOOLEAN:
                return capabilities.bool() ? "Bool" : "UInt8";
            case STRING:
                Map<String, String> parameters = schema.parameters();
                return parameters != null && UUID.equals(parameters.get(SEMANTIC_TYPE_PARAMETER)) ? "UUID" : "String";
            case BYTES:
                return "String";
            case ARRAY:
                return "Array(" + columnType(schema.valueSchema()) + ")";
            case MAP:
                // Map keys cannot be Nullable; where the server has no Map type the map is stored as JSON text.
                return capabilities.map() ? "Map(" + baseType(schema.keySchema()) + ", "
                        + columnType(schema.valueSchema()) + ")" : "String";
            case STRUCT:
                // Nested rows are stored as JSON text: readable everywhere, and free to evolve.
                return "String";
            default:
                throw new DataException("No ClickHouse type for Connect type " + schema.type());
        }
    }

    /**
     * Decimal(P, S) where ClickHouse has it; a decimal wider than 38 digits, or with a scale outside 0..P (PostgreSQL
     * 15 allows both), is kept exact as its plain text in a String column.
     */
    private static String decimal(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        int scale = Integer.parseInt(parameters.get(Decimal.SCALE_FIELD));
        String declared = parameters.get(DECIMAL_PRECISION);
        int precision = declared == null ? MAX_DECIMAL_PRECISION : Integer.parseInt(declared);
        if (precision > MAX_DECIMAL_PRECISION || scale > precision || scale < 0) {
            return "String";
        }
        return "Decimal(" + precision + ", " + scale + ")";
    }
}
