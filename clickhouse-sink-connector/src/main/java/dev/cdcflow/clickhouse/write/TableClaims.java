package dev.cdcflow.clickhouse.write;

import dev.cdcflow.clickhouse.ClickHouseSinkConfig;
import dev.cdcflow.clickhouse.schema.Identifiers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;

/**
 * Which topic each table belongs to. Two topics that the table name format maps to one table (a.public.orders and
 * b.public.orders under ${table}) would replace each other's rows by versions that cannot be compared; the first
 * topic to write a table owns it, and records of any other topic are refused, naming both. Claims live in ClickHouse
 * ({@value #TABLE} in the sink's database), so tasks and connectors writing one database see each other's.
 *
 * <p>Topics mapped explicitly in topic.table.map are not claimed: sending several topics into one table on purpose is
 * the user's decision (their keys must not overlap).
 */
public final class TableClaims {

    public static final String TABLE = "_cdcflow_table_topics";

    private final ClickHouseSql sql;
    private final ClickHouseSinkConfig config;
    private final String claims;
    private final String connector;
    private final Map<String, String> tables = new HashMap<>();
    private final Map<String, DataException> refusals = new HashMap<>();
    private boolean created;

    public TableClaims(ClickHouseSql sql, ClickHouseSinkConfig config, String connector) {
        this.sql = sql;
        this.config = config;
        this.claims = Identifiers.qualified(config.database(), TABLE);
        this.connector = connector;
    }

    /**
     * The table for records of {@code topic}, claimed for it the first time.
     *
     * @throws DataException when another topic owns the table
     */
    String tableFor(String topic) {
        String table = tables.get(topic);
        if (table != null) {
            return table;
        }
        DataException refusal = refusals.get(topic);
        if (refusal != null) {
            throw refusal;
        }
        table = config.tableFor(topic);
        if (!config.mapsExplicitly(topic)) {
            String owner = claim(table, topic);
            if (!owner.equals(topic)) {
                refusal = new DataException("Table " + config.database() + "." + table + " belongs to topic "
                        + owner + ", and topic " + topic + " maps to it too (" + ClickHouseSinkConfig
                        .TABLE_NAME_FORMAT_CONFIG + "=" + config.tableNameFormat() + "): their rows would replace "
                        + "each other. Give the topics tables of their own (" + ClickHouseSinkConfig
                        .TABLE_NAME_FORMAT_CONFIG + "=${schema}_${table} or ${topic}, or "
                        + ClickHouseSinkConfig.TOPIC_TABLE_MAP_CONFIG
                        + "); a claim left by a table dropped since is a row of " + config.database() + "." + TABLE);
                refusals.put(topic, refusal);
                throw refusal;
            }
        }
        tables.put(topic, table);
        return table;
    }

    /** Claims the table for the topic unless it has claimed it already, and returns the owner: the first claim. */
    private String claim(String table, String topic) {
        if (!created) {
            sql.createDatabase(config.database());
            sql.execute("CREATE TABLE IF NOT EXISTS " + claims + " (table String, topic String, connector String, "
                    + "claimed_at DateTime DEFAULT now()) ENGINE = MergeTree ORDER BY (table, topic)");
            created = true;
        }
        List<List<String>> owners = owners(table);
        if (owners.stream().noneMatch(row -> row.get(0).equals(topic))) {
            sql.execute("INSERT INTO " + claims + " (table, topic, connector) VALUES (" + Identifiers.literal(table)
                    + ", " + Identifiers.literal(topic) + ", " + Identifiers.literal(connector) + ")");
            owners = owners(table);
        }
        return owners.get(0).get(0);
    }

    /** The topics claiming the table, first claim first (two claims in one second: by topic name). */
    private List<List<String>> owners(String table) {
        return sql.rows("SELECT topic, min(claimed_at) AS first FROM " + claims + " WHERE table = "
                + Identifiers.literal(table) + " GROUP BY topic ORDER BY first, topic");
    }
}
