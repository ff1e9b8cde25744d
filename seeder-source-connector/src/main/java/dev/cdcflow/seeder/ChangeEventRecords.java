package dev.cdcflow.seeder;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.SchemaNames;
import dev.cdcflow.seeder.model.RowChange;
import dev.cdcflow.seeder.model.ShopTable;
import dev.cdcflow.seeder.model.ShopTransaction;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Change events in the shape the Debezium PostgreSQL connector gives them (key struct, envelope with before, after,
 * source, op and ts_ms; timestamptz as io.debezium.time.ZonedTimestamp, numeric as Decimal), so the transforms
 * and sinks can be driven without a database. A delete is followed by a tombstone, as Debezium does by default.
 */
final class ChangeEventRecords implements SeederTarget {

    private record TableSchemas(String topic, Schema key, Schema row, Schema envelope) {
    }


    private final String prefix;
    private final String schemaName;
    private final Schema sourceSchema;
    private final Map<ShopTable, TableSchemas> schemas = new EnumMap<>(ShopTable.class);
    private final Map<String, ?> partition;
    private long changeCounter;

    ChangeEventRecords(String prefix, String schemaName, Map<String, ?> partition) {
        this.prefix = prefix;
        this.schemaName = schemaName;
        this.partition = partition;
        this.sourceSchema = SchemaBuilder.struct().name("dev.cdcflow.seeder.Source")
                .field("version", Schema.STRING_SCHEMA)
                .field("connector", Schema.STRING_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
                .field("db", Schema.STRING_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        for (ShopTable table : ShopTable.values()) {
            schemas.put(table, schemasOf(table));
        }
    }

    /**
     * The change events of {@code transaction}. Their source offset is the transaction's own position, so that a
     * task that stops half-way through a transaction's records repeats the whole transaction.
     */
    @Override
    public void write(ShopTransaction transaction, List<SourceRecord> records) {
        Map<String, ?> offset = SeederOffsets.offset(transaction.position());
        long tsMs = transaction.logicalTime().toEpochMilli();
        for (RowChange change : transaction.changes()) {
            TableSchemas table = schemas.get(change.table());
            // A synthetic LSN: one per change, growing across the task's whole sequence, as a real LSN does.
            long lsn = ++changeCounter;
            Struct source = new Struct(sourceSchema)
                    .put("version", ProjectVersion.get())
                    .put("connector", "cdcflow-seeder")
                    .put("name", prefix)
                    .put("ts_ms", tsMs)
                    .put("snapshot", change.op() == 'r' ? "true" : "false")
                    .put("db", "storefront")
                    .put("schema", schemaName)
                    .put("table", change.table().tableName())
                    .put("lsn", lsn);
            Struct envelope = new Struct(table.envelope())
                    .put("before", change.before() == null ? null : row(table.row(), change.table(), change.before()))
                    .put("after", change.after() == null ? null : row(table.row(), change.table(), change.after()))
                    .put("source", source)
                    .put("op", String.valueOf(change.op()))
                    .put("ts_ms", tsMs);
            Struct key = new Struct(table.key()).put("id", change.id());
            // source.ts_ms carries the logical time; the record timestamp stays the send time (see LedgerRecords).
            records.add(new SourceRecord(partition, offset, table.topic(), null, table.key(), key, table.envelope(),
                    envelope));
            if (change.op() == 'd') {
                records.add(new SourceRecord(partition, offset, table.topic(), null, table.key(), key, null, null));
            }
        }
    }

    /** Kafka keeps no position of its own: the committed source offset is where to go on. */
    @Override
    public long resumePosition(long committedPosition) {
        return committedPosition;
    }

    /** Counts the changes of a transaction that is replayed rather than emitted, so LSNs stay the same. */
    @Override
    public void skip(ShopTransaction transaction) {
        changeCounter += transaction.changes().size();
    }

    @Override
    public void close() {
        // Nothing held: the records go out through the worker's producer.
    }

    private TableSchemas schemasOf(ShopTable table) {
        String base = prefix + "." + schemaName + "." + table.tableName();
        Schema key = SchemaBuilder.struct().name(base + ".Key").field("id", Schema.INT64_SCHEMA).build();
        SchemaBuilder row = SchemaBuilder.struct().name(base + ".Value").optional();
        for (ShopTable.Column column : table.columns()) {
            row.field(column.name(), columnSchema(column));
        }
        Schema rowSchema = row.build();
        Schema envelope = SchemaBuilder.struct().name(base + ".Envelope")
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", sourceSchema)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        return new TableSchemas(base, key, rowSchema, envelope);
    }

    private static Schema columnSchema(ShopTable.Column column) {
        return switch (column.type()) {
            case INT64 -> Schema.INT64_SCHEMA;
            case INT32 -> Schema.INT32_SCHEMA;
            case TEXT -> Schema.STRING_SCHEMA;
            case OPTIONAL_TEXT -> Schema.OPTIONAL_STRING_SCHEMA;
            case MONEY -> Decimal.builder(2).parameter(SchemaNames.DECIMAL_PRECISION_PARAMETER, "12").build();
            case TIMESTAMPTZ -> SchemaBuilder.string().name(SchemaNames.DEBEZIUM_ZONED_TIMESTAMP).version(1).build();
        };
    }

    private static Struct row(Schema schema, ShopTable table, Object[] values) {
        Struct row = new Struct(schema);
        List<ShopTable.Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            Object value = values[i];
            row.put(columns.get(i).name(),
                    value instanceof Instant instant ? DateTimeFormatter.ISO_INSTANT.format(instant) : value);
        }
        return row;
    }
}
