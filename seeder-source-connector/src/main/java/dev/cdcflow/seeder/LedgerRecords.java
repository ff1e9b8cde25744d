package dev.cdcflow.seeder;

import dev.cdcflow.seeder.model.RowChange;
import dev.cdcflow.seeder.model.ShopTransaction;
import dev.cdcflow.seeder.model.TransactionKind;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The ledger: one record per committed seeder transaction, saying what it did, so that a test or a person can
 * reconcile the warehouse against the source. Its offset is the position after the transaction.
 */
final class LedgerRecords {

    static final Schema KEY_SCHEMA = SchemaBuilder.struct().name("dev.cdcflow.seeder.ActivityKey")
            .field("task", Schema.INT32_SCHEMA)
            .field("position", Schema.INT64_SCHEMA)
            .build();
    static final Schema CHANGE_SCHEMA = SchemaBuilder.struct().name("dev.cdcflow.seeder.ActivityChange")
            .field("table", Schema.STRING_SCHEMA)
            .field("op", Schema.STRING_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .build();
    static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name("dev.cdcflow.seeder.Activity").version(1)
            .doc("One committed seeder transaction")
            .field("task", Schema.INT32_SCHEMA)
            .field("position", Schema.INT64_SCHEMA)
            .field("kind", Schema.STRING_SCHEMA)
            .field("logical_time", Timestamp.SCHEMA)
            .field("row_counts", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
            .field("changes", SchemaBuilder.array(CHANGE_SCHEMA).build())
            .build();

    private final String topic;

    LedgerRecords(String topic) {
        this.topic = topic;
    }

    /**
     * The ledger record of {@code transaction}: its kind, the rows it wrote counted per {@code table.op} (cascaded
     * deletes included), and each row's key, except for the full load, whose rows are only counted.
     */
    SourceRecord of(ShopTransaction transaction, Map<String, ?> partition) {
        Map<String, Integer> counts = new TreeMap<>();
        List<Struct> changes = new ArrayList<>();
        boolean listRows = transaction.kind() != TransactionKind.FULL_LOAD;
        for (RowChange change : transaction.changes()) {
            counts.merge(change.table().tableName() + "." + change.op(), 1, Integer::sum);
            if (listRows) {
                changes.add(new Struct(CHANGE_SCHEMA).put("table", change.table().tableName())
                        .put("op", String.valueOf(change.op())).put("id", change.id()));
            }
        }
        Struct key = new Struct(KEY_SCHEMA).put("task", transaction.task()).put("position", transaction.position());
        Struct value = new Struct(VALUE_SCHEMA)
                .put("task", transaction.task())
                .put("position", transaction.position())
                .put("kind", transaction.kind().name().toLowerCase(Locale.ROOT))
                .put("logical_time", Date.from(transaction.logicalTime()))
                .put("row_counts", counts)
                .put("changes", changes);
        // No record timestamp (the producer stamps the send time): logical times lie in the past, and the broker's
        // time-based retention would delete such records at once.
        return new SourceRecord(partition, SeederOffsets.offset(transaction.position() + 1), topic, null, KEY_SCHEMA,
                key, VALUE_SCHEMA, value);
    }
}
