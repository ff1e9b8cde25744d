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
        return stack.render(LocalStack.template("debezium-postgres"), Map.of(
                "DEBEZIUM_CONNECTOR_NAME", prefix + "-debezium", "TOPIC_PREFIX", prefix, "DEBEZIUM_TABLES",
                "public." + table, "DEBEZIUM_SLOT", prefix + "_slot", "DEBEZIUM_PUBLICATION", prefix + "_publication",
                "DEBEZIUM_SLOT_DROP_ON_STOP", "true"));
    }
}
