package dev.cdcflow.clickhouse.write;

import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.clickhouse.schema.ClickHouseTypes;
import dev.cdcflow.clickhouse.schema.ColumnReferences;
import dev.cdcflow.clickhouse.schema.ColumnType;
import dev.cdcflow.clickhouse.schema.ColumnWidening;
import dev.cdcflow.clickhouse.schema.Identifiers;
import dev.cdcflow.clickhouse.schema.ServerCapabilities;
import dev.cdcflow.clickhouse.schema.TableDdl;
import dev.cdcflow.clickhouse.schema.TypeMapper;
import dev.cdcflow.common.IdentityCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a table fit the records written into it, once per table and record schema: creates it
 * (ReplacingMergeTree) when missing, adds columns for new optional fields (taking the column another writer added
 * meanwhile), and refuses changes it cannot make safely (a missing required column, a different type) with an error
 * that names the column. What records and tables must be besides is checked by {@link TableRules}.
 */
public final class TableManager {

    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);
    private static final int PLANS_PER_TABLE = 16;

    private final ClickHouseSql sql;
    private final ClickHouseSinkConfig config;
    private final ServerCapabilities capabilities;
    private final TypeMapper types;
    private final Map<String, IdentityCache<Schema, InsertPlan>> plans = new HashMap<>();
    /**
     * Column widenings decided but not made yet: rows encoded for the narrower type are written first (see
     * {@link #takeWidenings}); until then the wider type is what new plans frame values as.
     */
    private final Map<String, Map<String, String>> widened = new HashMap<>();
    private final List<String> widenings = new ArrayList<>();
    private final TableRules rules;

    public TableManager(ClickHouseSql sql, ClickHouseSinkConfig config, ServerCapabilities capabilities) {
        this.sql = sql;
        this.config = config;
        this.capabilities = capabilities;
        this.types = new TypeMapper(capabilities);
        this.rules = new TableRules(config);
    }

    InsertPlan planFor(String table, Schema keySchema, Schema valueSchema) {
        IdentityCache<Schema, InsertPlan> tablePlans = plans.computeIfAbsent(table,
                key -> new IdentityCache<>(PLANS_PER_TABLE));
        InsertPlan plan = tablePlans.computeIfAbsent(valueSchema, schema -> prepare(table, keySchema, schema));
        if (!widenings.isEmpty()) {
            // The table's other plans frame a widened column as its old type: made again when next needed.
            tablePlans.clear();
            tablePlans.computeIfAbsent(valueSchema, schema -> plan);
        }
        return plan;
    }

    /**
     * The widenings the last {@link #planFor} decided, as ALTER statements, to be run after the rows buffered before
     * (encoded for the narrower type) are written and before the rows planned since; emptied.
     */
    List<String> takeWidenings() {
        List<String> taken = List.copyOf(widenings);
        widenings.clear();
        return taken;
    }

    /**
     * A column renamed at the source, met in its place among the table's rows: the new column is added with the old
     * one's type and {@code DEFAULT} the old one, so every row written before (and every one replayed without the
     * new field) reads its value under the new name, on every server version; rows after the rename write the new
     * column, and the old one, kept, is null for them. Nothing is done when the table lacks the old column or has the
     * new one already (a replay, or a rename met before), or when the old one is a key column (ORDER BY columns
     * cannot be computed).
     */
    void columnRenamed(String table, String from, String to) {
        ExistingTable existing = ExistingTable.describe(sql, config.database(), table);
        String type = existing == null ? null : existing.columns().get(from);
        if (type == null || existing.columns().containsKey(to)) {
            LOG.info("Column '{}' of {}.{} was renamed to '{}' at the source; nothing to carry over here", from,
                    config.database(), table, to);
            return;
        }
        if (ColumnReferences.in(existing.sortingKey()).contains(from)) {
            LOG.warn("Key column '{}' of {}.{} was renamed to '{}' at the source; a key column cannot be carried "
                    + "over by a DEFAULT, and rows after the rename, whose key has the new name, will be refused: "
                    + "rename the column in ClickHouse yourself (RENAME COLUMN, 20.4+)", from, config.database(),
                    table, to);
            return;
        }
        String ddl = TableDdl.addColumn(config.database(), table, new TableDdl.Column(to, type),
                Identifiers.quote(from));
        LOG.info("Column '{}' of {}.{} was renamed to '{}' at the source: {}", from, config.database(), table, to,
                ddl);
        executeDdl(table, ddl);
        plans.remove(table);
    }

    /** Forgets what it knows of the tables, e.g. after an error that may mean someone changed them. */
    void forget() {
        plans.clear();
        widened.clear();
    }

    public void close() {
        types.close();
    }

    private InsertPlan prepare(String table, Schema keySchema, Schema valueSchema) {
        if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
            throw new DataException("Records for table " + table + " need a struct value with a schema "
                    + "(e.g. JsonConverter with schemas.enable=true, or Avro)");
        }
        rules.requireVersionField(table, valueSchema);
        ExistingTable existing = ExistingTable.describe(sql, config.database(), table);
        if (existing == null) {
            if (!config.autoCreate()) {
                throw new DataException("Table " + config.database() + "." + table + " does not exist and "
                        + ClickHouseSinkConfig.AUTO_CREATE_CONFIG + " is false");
            }
            create(table, keySchema, valueSchema);
            existing = ExistingTable.describe(sql, config.database(), table);
            if (existing == null) {
                throw new DataException("Table " + config.database() + "." + table + " was created but is not in "
                        + "system.tables");
            }
        }
        rules.requireKeepable(table, existing);
        Map<String, String> columnTypes = new HashMap<>(existing.columns());
        columnTypes.putAll(widened.getOrDefault(table, Map.of()));
        List<String> columns = new ArrayList<>();
        List<ClickHouseColumn> rowBinaryColumns = new ArrayList<>();
        List<Field> fields = valueSchema.fields();
        ColumnType.Conversion[] fieldConversions = new ColumnType.Conversion[fields.size()];
        Object[] nullCells = new Object[fields.size()];
        for (Field field : fields) {
            ColumnType wanted = columnType(field);
            String actual = columnTypes.get(field.name());
            if (actual == null) {
                actual = addColumn(table, field, wanted.ddl());
            } else {
                actual = fitColumn(table, field.name(), actual, wanted.ddl());
            }
            columns.add(Identifiers.quote(field.name()));
            // The column's own type tells client-v2 how to frame the value (Nullable or not); the base type is
            // the one wanted, so the wanted type's conversion fits it.
            rowBinaryColumns.add(ClickHouseColumn.of(field.name(), actual));
            fieldConversions[field.index()] = wanted.conversion();
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
    private static Object nullCell(Schema schema, ColumnType.Conversion conversion) {
        return switch (schema.type()) {
            case ARRAY -> conversion.convert(List.of());
            case MAP -> conversion.convert(Map.of());
            default -> null;
        };
    }

    private void create(String table, Schema keySchema, Schema valueSchema) {
        List<TableDdl.Column> columns = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            columns.add(new TableDdl.Column(field.name(), columnType(field).ddl()));
        }
        List<String> keys = rules.keyColumns(table, keySchema, valueSchema);
        String partitionBy = rules.partitionBy(table, valueSchema, keys);
        String ddl = TableDdl.createTable(new TableDdl.TableLayout(config.database(), table, columns,
                keys, config.versionColumn(),
                valueSchema.field(String.valueOf(config.deletedColumn())) == null ? null : config.deletedColumn(),
                partitionBy), capabilities);
        LOG.info("Creating table {}.{}:\n{}", config.database(), table, ddl);
        executeDdl(table, ddl);
    }

    /** Runs statements decided earlier (widenings), in order. */
    void execute(List<String> statements) {
        statements.forEach(statement -> sql.execute(statement));
    }

    /** Runs DDL built from a record schema; the server refusing it means the table cannot take these records. */
    private void executeDdl(String table, String ddl) {
        try {
            sql.execute(ddl);
        } catch (RetriableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("ClickHouse refused the DDL for table " + config.database() + "." + table
                    + ": " + e.getMessage(), e);
        }
    }

    private String addColumn(String table, Field field, String type) {
        if (!config.autoEvolve()) {
            throw new DataException("Table " + table + " has no column '" + field.name() + "' and "
                    + ClickHouseSinkConfig.AUTO_EVOLVE_CONFIG + " is false");
        }
        String defaultValue = ColumnDefaults.literal(field.schema());
        if (!field.schema().isOptional() && defaultValue == null) {
            throw new DataException("Table " + table + " has no column '" + field.name() + "', and the field is "
                    + "required without a default the sink can write: rows already in the table have no value for "
                    + "it. Add the column yourself with a default, or make the field optional");
        }
        // The source's default, so rows written before (and replayed rows without the field) read what PostgreSQL
        // shows for them.
        String ddl = TableDdl.addColumn(config.database(), table, new TableDdl.Column(field.name(), type),
                defaultValue);
        LOG.info("Evolving table {}.{}: {}", config.database(), table, ddl);
        try {
            sql.execute(ddl);
        } catch (RetriableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Another task (of this connector or another) may have added it since we looked: then use theirs.
            ExistingTable now = ExistingTable.describe(sql, config.database(), table);
            String added = now == null ? null : now.columns().get(field.name());
            if (added == null) {
                throw new DataException("ClickHouse refused to add column '" + field.name() + "' to table "
                        + config.database() + "." + table + ": " + e.getMessage(), e);
            }
            LOG.info("Column '{}' of {}.{} was added meanwhile by another writer", field.name(), config.database(),
                    table);
            return fitColumn(table, field.name(), added, type);
        }
        return type;
    }

    /**
     * The column's type once it fits the records: as it is when their type is its own or narrower (a replay of rows
     * from before a widening), widened when theirs is wider (the source widened the column). Nulls only go into
     * Nullable columns; any other change is refused.
     */
    private String fitColumn(String table, String column, String actual, String wanted) {
        boolean nullsIntoRequired = ColumnType.isNullable(wanted) && !ColumnType.isNullable(actual);
        String actualBase = ColumnType.withoutNullable(actual);
        String wantedBase = ColumnType.withoutNullable(wanted);
        if (!nullsIntoRequired && ColumnWidening.fits(wantedBase, actualBase)) {
            return actual;
        }
        if (!nullsIntoRequired && ColumnWidening.fits(actualBase, wantedBase)) {
            String wider = ColumnType.isNullable(actual) ? "Nullable(" + wantedBase + ")" : wantedBase;
            String ddl = TableDdl.modifyColumn(config.database(), table, new TableDdl.Column(column, wider));
            LOG.info("Widening a column of {}.{} once the rows before are written: {}", config.database(), table,
                    ddl);
            widenings.add(ddl);
            widened.computeIfAbsent(table, key -> new HashMap<>()).put(column, wider);
            return wider;
        }
        throw new DataException("Column '" + column + "' of table " + table + " is " + actual + " but the records "
                + "now carry " + wanted + "; the sink widens a column (Int32 to Int64, Float32 to Float64, a wider "
                + "decimal) but makes no other change of type (no silent casts): migrate the column, or route these "
                + "records elsewhere");
    }

    private ColumnType columnType(Field field) {
        if (field.name().equals(config.versionColumn())) {
            return ClickHouseTypes.UINT64;
        }
        if (field.name().equals(config.deletedColumn())) {
            return ClickHouseTypes.UINT8;
        }
        return types.columnType(field.schema());
    }
}
