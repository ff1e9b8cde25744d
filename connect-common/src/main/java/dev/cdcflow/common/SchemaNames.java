package dev.cdcflow.common;

/**
 * The names in Connect schemas that travel between Debezium, the seeder, the transforms and the sinks: Debezium's
 * semantic types, the decimal precision parameter, and the parameter the transforms use to keep a semantic type on a
 * plain field. Declared once, so a name read on one side is the name written on the other.
 */
public final class SchemaNames {

    /** The decimal's declared precision, a Decimal schema parameter (Connect's own scale parameter is beside it). */
    public static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";
    /** The Debezium semantic type of a field the transforms turned into a plain type (e.g. a UUID as a string). */
    public static final String SEMANTIC_TYPE_PARAMETER = "cdcflow.semantic.type";
    /**
     * The ClickHouse type a field's column is to have (e.g. {@code UInt32}), where the Connect type alone would choose
     * another: set by the batch upload source from its models, honoured by the ClickHouse sink when it creates a
     * table or adds a column.
     */
    public static final String CLICKHOUSE_TYPE_PARAMETER = "cdcflow.clickhouse.type";

    public static final String DEBEZIUM_DATE = "io.debezium.time.Date";
    public static final String DEBEZIUM_TIME = "io.debezium.time.Time";
    public static final String DEBEZIUM_MICRO_TIME = "io.debezium.time.MicroTime";
    public static final String DEBEZIUM_NANO_TIME = "io.debezium.time.NanoTime";
    public static final String DEBEZIUM_TIMESTAMP = "io.debezium.time.Timestamp";
    public static final String DEBEZIUM_MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    public static final String DEBEZIUM_NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
    public static final String DEBEZIUM_ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    public static final String DEBEZIUM_UUID = "io.debezium.data.Uuid";
    public static final String DEBEZIUM_VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    public static final String DEBEZIUM_BITS = "io.debezium.data.Bits";

    private SchemaNames() {
    }
}
