package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.schema.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * The offsets this connector has written, stored in ClickHouse beside the data: after a restart or rebalance the
 * task rewinds its consumer to exactly where the tables stand. Rows are (connector, topic, partition, offset,
 * record_timestamp) in a ReplacingMergeTree keyed by the first three and versioned by the offset, so the newest offset
 * wins. The timestamp of the record at the offset tells a topic deleted and created again from the one written.
 * Offsets set through Connect's REST API replace the stored ones ({@link #replace}).
 */
public final class OffsetStore {

    /** The last offset written of a partition (inclusive) and that record's timestamp (-1 when unknown). */
    public record Stored(long offset, long timestamp) {
    }

    static final String TIMESTAMP_COLUMN = "record_timestamp";
    private static final long MUTATION_WAIT_MS = 60_000;

    private final ClickHouseSql sql;
    private final String database;
    private final String name;
    private final String table;
    private final String connector;

    public OffsetStore(ClickHouseSql sql, String database, String table, String connector) {
        this.sql = sql;
        this.database = database;
        this.name = table;
        this.table = Identifiers.qualified(database, table);
        this.connector = connector;
    }

    /**
     * Creates the sink's database and this table, or adds the timestamp column to a table made by an earlier
     * version. The one place the database is made: every path to a write (a task connecting, an offsets change over
     * REST) comes through here first.
     */
    public void createIfMissing() {
        sql.createDatabase(database);
        sql.execute("CREATE TABLE IF NOT EXISTS " + table + " (connector String, topic String, partition Int32, "
                + "offset Int64, " + TIMESTAMP_COLUMN + " Int64 DEFAULT -1, committed_at DateTime DEFAULT now()) "
                + "ENGINE = ReplacingMergeTree(offset) ORDER BY (connector, topic, partition)");
        ExistingTable existing = ExistingTable.describe(sql, database, name);
        if (existing != null && !existing.columns().containsKey(TIMESTAMP_COLUMN)) {
            try {
                sql.execute("ALTER TABLE " + table + " ADD COLUMN " + TIMESTAMP_COLUMN + " Int64 DEFAULT -1");
            } catch (RetriableException e) {
                throw e;
            } catch (RuntimeException e) {
                // Another task added it meanwhile, or the table cannot take it: the next look tells which.
                ExistingTable now = ExistingTable.describe(sql, database, name);
                if (now == null || !now.columns().containsKey(TIMESTAMP_COLUMN)) {
                    throw e;
                }
            }
        }
    }

    /** The last offset written per partition, with its record's timestamp. */
    public Map<TopicPartition, Stored> read() {
        Map<TopicPartition, Stored> offsets = new HashMap<>();
        for (List<String> row : sql.rows("SELECT topic, partition, max(offset), argMax(" + TIMESTAMP_COLUMN
                + ", offset) FROM " + table + " WHERE connector = " + Identifiers.literal(connector)
                + " GROUP BY topic, partition")) {
            offsets.put(new TopicPartition(row.get(0), Integer.parseInt(row.get(1))),
                    new Stored(Long.parseLong(row.get(2)), Long.parseLong(row.get(3))));
        }
        return offsets;
    }

    /** Records that everything up to each offset (inclusive) is in the tables. */
    public void write(Map<TopicPartition, Stored> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(table)
                .append(" (connector, topic, partition, offset, " + TIMESTAMP_COLUMN + ") VALUES ");
        String separator = "";
        for (Map.Entry<TopicPartition, Stored> entry : offsets.entrySet()) {
            insert.append(separator).append('(').append(Identifiers.literal(connector)).append(", ")
                    .append(Identifiers.literal(entry.getKey().topic())).append(", ")
                    .append(entry.getKey().partition()).append(", ").append(entry.getValue().offset()).append(", ")
                    .append(entry.getValue().timestamp()).append(')');
            separator = ", ";
        }
        sql.insertValues(insert.toString());
    }

    /**
     * Replaces the stored offsets of some partitions, as Connect's REST API sets or resets them (the connector is
     * stopped then): the partition's rows are deleted, and for a new position N the one before it is stored as
     * written (its timestamp unknown). A null position (a reset) leaves none: the task then starts where the
     * consumer does. Returns once the delete has been applied.
     *
     * @param nextOffsets per partition, the next offset to read, or null
     */
    public void replace(Map<TopicPartition, Long> nextOffsets) {
        Map<String, List<Integer>> partitionsByTopic = new TreeMap<>();
        nextOffsets.keySet().forEach(partition -> partitionsByTopic.computeIfAbsent(partition.topic(),
                topic -> new ArrayList<>()).add(partition.partition()));
        partitionsByTopic.forEach((topic, partitions) -> sql.execute("ALTER TABLE " + table + " DELETE WHERE "
                + "connector = " + Identifiers.literal(connector) + " AND topic = " + Identifiers.literal(topic)
                + " AND partition IN (" + partitions.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + ")"));
        awaitMutations();
        Map<TopicPartition, Stored> positions = new HashMap<>();
        nextOffsets.forEach((partition, next) -> {
            if (next != null && next > 0) {
                positions.put(partition, new Stored(next - 1, -1));
            }
        });
        write(positions);
    }

    /** Waits until ClickHouse has applied the table's deletes (they run in the background, on every version). */
    private void awaitMutations() {
        long deadline = System.currentTimeMillis() + MUTATION_WAIT_MS;
        String pending = "SELECT count() FROM system.mutations WHERE database = " + Identifiers.literal(database)
                + " AND table = " + Identifiers.literal(name) + " AND is_done = 0";
        while (!"0".equals(sql.rows(pending).get(0).get(0))) {
            if (System.currentTimeMillis() > deadline) {
                throw new ConnectException("ClickHouse has not applied the delete of offsets in " + table + " within "
                        + MUTATION_WAIT_MS / 1000 + " s; see system.mutations");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while waiting for ClickHouse to delete offsets", e);
            }
        }
    }
}
