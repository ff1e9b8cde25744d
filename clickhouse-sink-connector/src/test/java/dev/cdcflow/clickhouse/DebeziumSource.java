package dev.cdcflow.clickhouse;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.LocalStack;
import java.util.Map;

/**
 * Debezium's PostgreSQL connector from its template, capturing one table of the stack's database under a topic
 * prefix of its own, with a slot and publication of its own that go when the connector does.
 */
final class DebeziumSource {

    private DebeziumSource() {
    }

    /**
     * The connector {@code <prefix>-debezium}, capturing {@code public.<table>} into
     * {@code <prefix>.public.<table>}.
     */
    static ConnectorDefinition definition(LocalStack stack, String prefix, String table) {
        return capturing(stack, prefix, "public." + table);
    }

    /** The connector {@code <prefix>-debezium}, capturing the tables of {@code includeList} (regular expressions). */
    static ConnectorDefinition capturing(LocalStack stack, String prefix, String includeList) {
        return stack.render(LocalStack.template("debezium-postgres"), Map.of(
                "DEBEZIUM_CONNECTOR_NAME", prefix + "-debezium", "TOPIC_PREFIX", prefix, "DEBEZIUM_TABLES",
                includeList, "DEBEZIUM_SLOT", prefix + "_slot", "DEBEZIUM_PUBLICATION", prefix + "_publication",
                "DEBEZIUM_SLOT_DROP_ON_STOP", "true"));
    }

    /**
     * The ClickHouse sink from its template, reading the topics of {@code topicsRegex} into {@code database}, its
     * batches written after {@code waitMs} (long: a replay in few flushes).
     */
    static ConnectorDefinition clickHouseSink(LocalStack stack, String name, String topicsRegex, String database,
                                              String waitMs) {
        return stack.render(LocalStack.template("clickhouse-sink"), Map.of("CLICKHOUSE_SINK_NAME", name,
                "CLICKHOUSE_SINK_TOPICS_REGEX", topicsRegex, "CLICKHOUSE_DATABASE", database,
                "CLICKHOUSE_BATCH_MAX_WAIT_MS", waitMs));
    }
}
