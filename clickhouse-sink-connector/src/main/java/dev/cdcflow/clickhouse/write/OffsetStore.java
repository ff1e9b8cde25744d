package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.schema.Identifiers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets this connector has written, stored in ClickHouse beside the data: after a restart or rebalance the
 * task rewinds its consumer to exactly where the tables stand. Rows are (connector, topic, partition, offset) in a
 * ReplacingMergeTree keyed by the first three and versioned by the offset, so the newest offset wins.
 */
public final class OffsetStore {

    private final ClickHouseSql sql;
    private final String table;
    private final String connector;

    public OffsetStore(ClickHouseSql sql, String database, String table, String connector) {
        this.sql = sql;
        this.table = Identifiers.qualified(database, table);
        this.connector = connector;
    }

    public void createIfMissing() {
        sql.execute("CREATE TABLE IF NOT EXISTS " + table + " (connector String, topic String, partition Int32, "
                + "offset Int64, committed_at DateTime DEFAULT now()) "
                + "ENGINE = ReplacingMergeTree(offset) ORDER BY (connector, topic, partition)");
    }

    /** The last offset written per partition (inclusive). */
    public Map<TopicPartition, Long> read() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (List<String> row : sql.rows("SELECT topic, partition, max(offset) FROM " + table + " WHERE connector = "
                + Identifiers.literal(connector) + " GROUP BY topic, partition")) {
            offsets.put(new TopicPartition(row.get(0), Integer.parseInt(row.get(1))),
                    Long.parseLong(row.get(2)));
        }
        return offsets;
    }

    /** Records that everything up to {@code offsets} (inclusive) is in the tables. */
    public void write(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(table)
                .append(" (connector, topic, partition, offset) VALUES ");
        String separator = "";
        for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
            insert.append(separator).append('(').append(Identifiers.literal(connector)).append(", ")
                    .append(Identifiers.literal(entry.getKey().topic())).append(", ")
                    .append(entry.getKey().partition()).append(", ").append(entry.getValue()).append(')');
            separator = ", ";
        }
        sql.execute(insert.toString());
    }
}
