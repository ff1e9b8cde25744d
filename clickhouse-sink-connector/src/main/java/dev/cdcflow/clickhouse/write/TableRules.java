package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.clickhouse.schema.ColumnReferences;
import dev.cdcflow.clickhouse.schema.Identifiers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What records and tables must be for the sink to keep a table correct (one row per key, its newest version, after
 * FINAL): records carry a version and a key to order by; a table is a ReplacingMergeTree versioned by that version;
 * the versions of a key share a partition. Each refusal says what to change.
 */
final class TableRules {

    private static final Logger LOG = LoggerFactory.getLogger(TableRules.class);

    private final ClickHouseSinkConfig config;
    private final Set<String> warnedPartitions = new HashSet<>();

    TableRules(ClickHouseSinkConfig config) {
        this.config = config;
    }

    /** A row without its version cannot be ordered against the key's other versions. */
    void requireVersionField(String table, Schema valueSchema) {
        Field version = valueSchema.field(config.versionColumn());
        if (version == null || version.schema().isOptional() || !isInteger(version.schema().type())
                || version.schema().name() != null) {
            throw new DataException("Records for table " + table + " need a required integer field '"
                    + config.versionColumn() + "' (" + ClickHouseSinkConfig.VERSION_COLUMN_CONFIG + "): the "
                    + "ReplacingMergeTree keeps the highest version of each key. Chain FlattenChangeEvent, which "
                    + "adds it, or set " + ClickHouseSinkConfig.VERSION_COLUMN_CONFIG + " to such a field"
                    + (version == null ? "" : "; '" + version.name() + "' is " + describe(version.schema())));
        }
    }

    private static boolean isInteger(Schema.Type type) {
        return type == Schema.Type.INT8 || type == Schema.Type.INT16 || type == Schema.Type.INT32
                || type == Schema.Type.INT64;
    }

    private static String describe(Schema schema) {
        return (schema.isOptional() ? "optional " : "") + (schema.name() != null ? schema.name() : schema.type());
    }

    /**
     * Refuses a table the sink cannot keep correct: one that is not a ReplacingMergeTree versioned by the version
     * column (updates would pile up or an arbitrary version would win), or whose is-deleted column is another
     * than the records' deleted column. A partition key over columns outside the sorting key is only warned about:
     * it is right as long as those columns never change between versions of a row.
     */
    void requireKeepable(String table, ExistingTable existing) {
        String name = config.database() + "." + table;
        String wanted = "ENGINE = ReplacingMergeTree(" + Identifiers.quote(config.versionColumn()) + ")";
        if (!existing.replacing()) {
            throw new DataException("Table " + name + " is a " + existing.engine() + "; the sink keeps tables "
                    + "current with updates and deletes only in a ReplacingMergeTree: recreate it with " + wanted
                    + ", or send these topics to another table (" + ClickHouseSinkConfig.TABLE_NAME_FORMAT_CONFIG
                    + ", " + ClickHouseSinkConfig.TOPIC_TABLE_MAP_CONFIG + ")");
        }
        if (!config.versionColumn().equals(existing.versionColumn())) {
            throw new DataException("Table " + name + " is a ReplacingMergeTree versioned by "
                    + (existing.versionColumn() == null ? "nothing (it keeps an arbitrary row of each key)"
                            : "'" + existing.versionColumn() + "'")
                    + ", not by the records' '" + config.versionColumn() + "': recreate it with " + wanted
                    + ", or set " + ClickHouseSinkConfig.VERSION_COLUMN_CONFIG + " to its version column");
        }
        String deleted = existing.deletedColumn();
        if (deleted != null && !deleted.equals(config.deletedColumn())) {
            throw new DataException("Table " + name + " takes '" + deleted + "' as its is-deleted column but the "
                    + "sink writes deletes to '" + config.deletedColumn() + "': set "
                    + ClickHouseSinkConfig.DELETED_COLUMN_CONFIG + " to '" + deleted + "'");
        }
        Set<String> partitionColumns = ColumnReferences.outside(existing.partitionKey(),
                ColumnReferences.in(existing.sortingKey()));
        if (!partitionColumns.isEmpty() && warnedPartitions.add(table)) {
            LOG.warn("Table {} is partitioned by {}, over {} outside its sorting key: if such a column changes "
                    + "between versions of a row, the versions land in different partitions, which are never merged, "
                    + "and FINAL may not see them together", name, existing.partitionKey(), partitionColumns);
        }
    }

    /**
     * The partition expression for a new table: partition.by when the row has every column it names, and only when
     * those are key columns, the one kind of column that cannot differ between the versions of a row. Versions in
     * different partitions are never merged, so a stale or deleted row would come back.
     */
    String partitionBy(String table, Schema valueSchema, List<String> keys) {
        if (config.partitionBy().isBlank()) {
            return null;
        }
        Set<String> referenced = ColumnReferences.in(config.partitionBy());
        if (!fieldNames(valueSchema).containsAll(referenced)) {
            return null;
        }
        Set<String> outside = ColumnReferences.outside(config.partitionBy(), keys);
        if (!outside.isEmpty()) {
            throw new DataException("Cannot create table " + config.database() + "." + table + " partitioned by "
                    + config.partitionBy() + ": " + outside + " not among the key columns " + keys + ", so versions "
                    + "of one row could land in different partitions, which ReplacingMergeTree never merges. "
                    + "Partition by key columns only (" + ClickHouseSinkConfig.PARTITION_BY_CONFIG + ", "
                    + ClickHouseSinkConfig.KEY_COLUMNS_CONFIG + "), or not at all");
        }
        return config.partitionBy();
    }

    private static Set<String> fieldNames(Schema schema) {
        Set<String> names = new HashSet<>();
        schema.fields().forEach(field -> names.add(field.name()));
        return names;
    }

    List<String> keyColumns(String table, Schema keySchema, Schema valueSchema) {
        List<String> configured = config.keyColumns();
        List<String> keys = !configured.isEmpty() ? configured
                : keySchema != null && keySchema.type() == Schema.Type.STRUCT
                        ? keySchema.fields().stream().map(Field::name).toList() : List.of();
        if (keys.isEmpty()) {
            throw new DataException("Cannot create table " + config.database() + "." + table + ": it needs key "
                    + "columns to order and deduplicate rows by, and the records have " + (keySchema == null
                    ? "a key without a schema" : "a " + keySchema.type() + " key, not a struct")
                    + " (a source table without a primary key gets none from Debezium). Give the table a primary "
                    + "key, or name its key columns in Debezium's message.key.columns, or set "
                    + ClickHouseSinkConfig.KEY_COLUMNS_CONFIG + " here; rows with no key cannot be kept current");
        }
        for (String key : keys) {
            Field field = valueSchema.field(key);
            if (field == null || field.schema().isOptional()) {
                throw new DataException("Key column '" + key + "' of table " + table + " must be a required field of "
                        + "the record value; set " + ClickHouseSinkConfig.KEY_COLUMNS_CONFIG + " to the row's key");
            }
        }
        return keys;
    }
}
