package dev.cdcflow.clickhouse;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import java.time.Duration;
import java.util.Map;

/** The sink from its template with no transforms, on one topic and database, for tests that send it rows as-is. */
final class PlainSink {

    private PlainSink() {
    }

    static void register(LocalStack stack, String connector, String topicRegex, String database) {
        stack.connect().rest().putConnector(definition(stack, connector, topicRegex, database));
    }

    static ConnectorDefinition definition(LocalStack stack, String connector, String topicRegex, String database) {
        return stack.render(LocalStack.template("clickhouse-sink"), Map.of("CLICKHOUSE_SINK_NAME", connector,
                "CLICKHOUSE_SINK_TOPICS_REGEX", topicRegex, "CLICKHOUSE_DATABASE", database))
                .with(Map.of("transforms", ""));
    }

    /** Waits until {@code table} (database.table) holds {@code rows} rows. */
    static void awaitRows(LocalStack stack, String table, long rows) {
        Await.until(rows + " rows in " + table, Duration.ofSeconds(90), () -> {
            try {
                return Long.toString(rows).equals(stack.clickHouse().scalar("SELECT count() FROM " + table));
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }
}
