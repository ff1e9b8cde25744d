package dev.cdcflow.seeder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Starting seeder runs from the repository's template, and reading their ledger back. */
final class SeederRuns {

    static final List<String> TABLES = List.of("customers", "products", "orders", "order_items");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One ledger entry: a committed transaction. */
    record Entry(int task, long position, String kind, Map<String, Integer> rowCounts) {
    }

    private SeederRuns() {
    }

    /** A seeder in its own schema and ledger topic, named after the schema. */
    static ConnectorDefinition seeder(LocalStack stack, String schema, Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(Map.of(
                "SEEDER_CONNECTOR_NAME", "seeder-" + schema,
                "SEEDER_SCHEMA", schema,
                "SEEDER_LEDGER_TOPIC", "ledger." + schema,
                "SEEDER_CUSTOMERS", "200",
                "SEEDER_PRODUCTS", "50",
                "SEEDER_ORDERS", "300"));
        all.putAll(variables);
        return stack.render(LocalStack.template("storefront-seeder"), all);
    }

    /** The ledger, one entry per (task, position): re-emitted duplicates collapse. */
    static Map<String, Entry> ledger(LocalStack stack, String topic) {
        Map<String, Entry> entries = new TreeMap<>();
        for (ConsumerRecord<String, String> record : stack.kafka().readAll(topic)) {
            JsonNode payload = parse(record.value()).path("payload");
            Map<String, Integer> counts = new TreeMap<>();
            payload.path("row_counts").properties().forEach(entry -> counts.put(entry.getKey(),
                    entry.getValue().asInt()));
            Entry entry = new Entry(payload.path("task").asInt(), payload.path("position").asLong(),
                    payload.path("kind").asText(), counts);
            entries.put(entry.task() + "/" + String.format("%09d", entry.position()), entry);
        }
        return entries;
    }

    /** Waits until every task of the run has committed {@code position}, and returns the ledger. */
    static Map<String, Entry> awaitPosition(LocalStack stack, String topic, int tasks, long position,
                                            Duration timeout) {
        return Await.value("ledger " + topic + " to reach position " + position + " on " + tasks + " task(s)",
                timeout, () -> {
                    Map<String, Entry> entries = ledger(stack, topic);
                    for (int task = 0; task < tasks; task++) {
                        int taskIndex = task;
                        long reached = entries.values().stream().filter(entry -> entry.task() == taskIndex)
                                .mapToLong(Entry::position).max().orElse(-1);
                        if (reached < position) {
                            return Optional.empty();
                        }
                    }
                    return Optional.of(entries);
                });
    }

    /** Rows the ledger says a table holds: full-load and created rows minus deleted ones. */
    static long netRows(Map<String, Entry> ledger, String table) {
        return ledger.values().stream().mapToLong(entry -> entry.rowCounts().getOrDefault(table + ".r", 0)
                + entry.rowCounts().getOrDefault(table + ".c", 0)
                - entry.rowCounts().getOrDefault(table + ".d", 0)).sum();
    }

    static long count(LocalStack stack, String schema, String table) {
        return Long.parseLong(stack.postgres().query("SELECT count(*) FROM " + schema + "." + table).get(0).get(0));
    }

    /** Rows in one schema's table and not in the other's, both ways. */
    static long difference(LocalStack stack, String schemaA, String schemaB, String table) {
        String a = schemaA + "." + table;
        String b = schemaB + "." + table;
        return Long.parseLong(stack.postgres().query("SELECT (SELECT count(*) FROM (SELECT * FROM " + a
                + " EXCEPT SELECT * FROM " + b + ") x) + (SELECT count(*) FROM (SELECT * FROM " + b
                + " EXCEPT SELECT * FROM " + a + ") y)").get(0).get(0));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
