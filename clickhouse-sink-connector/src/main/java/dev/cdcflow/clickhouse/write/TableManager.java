package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.TableDdl;
import dev.cdcflow.clickhouse.schema.TypeMapper;
import dev.cdcflow.common.IdentityCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a table fit the records written into it, once per table and record schema: creates it
 * (ReplacingMergeTree) when missing, adds columns for new optional fields, and refuses changes it cannot make
 * safely (a missing required column, a different type) with an error that names the column.
 */
public final class TableManager {

    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);
    private static final int PLANS_PER_TABLE = 16;
    /** `quoted` (group 1), or a bare name (group 2) followed by '(' when it is a function (group 3). */
    private static final Pattern COLUMN_REFERENCE =
            Pattern.compile("`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)\\s*(\\()?");

    private final ClickHouseSql sql;
    private final ClickHouseSinkConfig config;
    private final ServerCapabilities capabilities;
    private final TypeMapper types;
    private final ValueConversions conversions = new ValueConversions();
    private final Map<String, IdentityCache<Schema, InsertPlan>> plans = new HashMap<>();
    private boolean databaseReady;

    public TableManager(ClickHouseSql sql, ClickHouseSinkConfig config, ServerCapabilities capabilities) {
        this.sql = sql;
        this.config = config;
        this.capabilities = capabilities;
        this.types = new TypeMapper(capabilities);
    }

    InsertPlan planFor(String table, Schema keySchema, Schema valueSchema) {
        return plans.computeIfAbsent(table, key -> new IdentityCache<>(PLANS_PER_TABLE))
                .computeIfAbsent(valueSchema, schema -> prepare(table, keySchema, schema));
    }

    /** Forgets what it knows of the tables, e.g. after an error that may mean someone changed them. */
    void forget() {
        plans.clear();
    }

    public void close() {
        conversions.close();
    }

    private InsertPlan prepare(String table, Schema keySchema, Schema valueSchema) {
        if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
            throw new DataException("Records for table " + table + " need a struct value with a schema "
                    + "(e.g. JsonConverter with schemas.enable=true, or Avro)");
        }
        Map<String, String> existing = columnsOf(table);
        if (existing.isEmpty()) {
            if (!config.autoCreate()) {
                throw new DataException("Table " + config.database() + "." + table + " does not exist and "
                        + ClickHouseSinkConfig.AUTO_CREATE_CONFIG + " is false");
            }
            create(table, keySchema, valueSchema);
            existing = columnsOf(table);
        }
        List<String> columns = new ArrayList<>();
        List<ClickHouseColumn> rowBinaryColumns = new ArrayList<>();
        List<Field> fields = valueSchema.fields();
        ValueConversions.Conversion[] fieldConversions = new ValueConversions.Conversion[fields.size()];
        Object[] nullCells = new Object[fields.size()];
        for (Field field : fields) {
            String wanted = columnType(field);
            String actual = existing.get(field.name());
            if (actual == null) {
                actual = addColumn(table, field, wanted);
            } else {
                requireCompatible(table, field.name(), actual, wanted);
            }
            columns.add(Identifiers.quote(field.name()));
            rowBinaryColumns.add(ClickHouseColumn.of(field.name(), actual));
            fieldConversions[field.index()] = conversions.forColumn(field.schema(), actual);
            nullCells[field.index()] = nullCell(field.schema(), fieldConversions[field.index()]);
        }
        return new InsertPlan(config.database(), table, columns,
                new TableSchema(table, null, config.database(), rowBinaryColumns), fields.toArray(Field[]::new),
                fieldConversions, nullCells);
    }

    /**
     * What a null value of the field is written as: NULL, except for arrays and maps, which ClickHouse cannot make
     * Nullable: a NULL array (PostgreSQL allows one in any array column) or map is written empty.
     */
    private static Object nullCell(Schema schema, ValueConversions.Conversion conversion) {
        return switch (schema.type()) {
            case ARRAY -> conversion.convert(List.of());
            case MAP -> conversion.convert(Map.of());
            default -> null;
        };
    }

    private void create(String table, Schema keySchema, Schema valueSchema) {
        if (!databaseReady) {
            sql.execute("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(config.database()));
            databaseReady = true;
        }
        List<TableDdl.Column> columns = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            columns.add(new TableDdl.Column(field.name(), columnType(field)));
        }
        String partitionBy = config.partitionBy().isBlank()
                || !fieldNames(valueSchema).containsAll(columnsReferenced(config.partitionBy()))
                ? null : config.partitionBy();
        String ddl = TableDdl.createTable(new TableDdl.TableLayout(config.database(), table, columns,
                keyColumns(table, keySchema, valueSchema), config.versionColumn(),
                valueSchema.field(String.valueOf(config.deletedColumn())) == null ? null : config.deletedColumn(),
                partitionBy), capabilities);
        LOG.info("Creating table {}.{}:\n{}", config.database(), table, ddl);
        sql.execute(ddl);
    }

    /** The columns an expression names: `quoted` names, and bare names that are not function calls. */
    static Set<String> columnsReferenced(String expression) {
        Set<String> columns = new HashSet<>();
        Matcher matcher = COLUMN_REFERENCE.matcher(expression);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                columns.add(matcher.group(1));
            } else if (matcher.group(3) == null) {
                columns.add(matcher.group(2));
            }
        }
        return columns;
    }

    private static Set<String> fieldNames(Schema schema) {
        Set<String> names = new HashSet<>();
        schema.fields().forEach(field -> names.add(field.name()));
        return names;
    }

    private List<String> keyColumns(String table, Schema keySchema, Schema valueSchema) {
        List<String> configured = config.keyColumns();
        List<String> keys = !configured.isEmpty() ? configured
                : keySchema != null && keySchema.type() == Schema.Type.STRUCT
                        ? keySchema.fields().stream().map(Field::name).toList() : List.of();
        for (String key : keys) {
            Field field = valueSchema.field(key);
            if (field == null || field.schema().isOptional()) {
                throw new DataException("Key column '" + key + "' of table " + table + " must be a required field of "
                        + "the record value; set " + ClickHouseSinkConfig.KEY_COLUMNS_CONFIG + " to the row's key");
            }
        }
        return keys;
    }

    private String addColumn(String table, Field field, String type) {
        if (!config.autoEvolve()) {
            throw new DataException("Table " + table + " has no column '" + field.name() + "' and "
                    + ClickHouseSinkConfig.AUTO_EVOLVE_CONFIG + " is false");
        }
        if (!field.schema().isOptional()) {
            throw new DataException("Table " + table + " has no column '" + field.name() + "', and the field is "
                    + "required: rows already in the table have no value for it. Add the column yourself with a "
                    + "default, or make the field optional");
        }
        String ddl = TableDdl.addColumn(config.database(), table, new TableDdl.Column(field.name(), type));
        LOG.info("Evolving table {}.{}: {}", config.database(), table, ddl);
        sql.execute(ddl);
        return type;
    }

    /** A record type fits a column when the base types are equal and nulls only go into Nullable columns. */
    private static void requireCompatible(String table, String column, String actual, String wanted) {
        boolean wantedNullable = wanted.startsWith("Nullable(");
        boolean actualNullable = actual.startsWith("Nullable(");
        String wantedBase = ValueConversions.unwrapNullable(wanted);
        String actualBase = ValueConversions.unwrapNullable(actual);
        if (!wantedBase.equals(actualBase) || (wantedNullable && !actualNullable)) {
            throw new DataException("Column '" + column + "' of table " + table + " is " + actual + " but the records "
                    + "now carry " + wanted + "; the sink does not change a column's type (no silent casts): "
                    + "migrate the column, or route these records elsewhere");
        }
    }

    private String columnType(Field field) {
        if (field.name().equals(config.versionColumn())) {
            return "UInt64";
        }
        if (field.name().equals(config.deletedColumn())) {
            return "UInt8";
        }
        return types.columnType(field.schema());
    }

    private Map<String, String> columnsOf(String table) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (List<String> row : sql.rows("SELECT name, type FROM system.columns WHERE database = "
                + Identifiers.literal(config.database()) + " AND table = " + Identifiers.literal(table))) {
            columns.put(row.get(0), row.get(1));
        }
        return columns;
    }
}
