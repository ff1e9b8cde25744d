package dev.cdcflow.seeder;

import static dev.cdcflow.seeder.SeederRuns.awaitPosition;
import static dev.cdcflow.seeder.SeederRuns.count;
import static dev.cdcflow.seeder.SeederRuns.difference;
import static dev.cdcflow.seeder.SeederRuns.netRows;
import static dev.cdcflow.seeder.SeederRuns.seeder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/** The seeder in a real Connect worker against the embedded PostgreSQL, and in Kafka mode. */
@LocalStackTest
class SeederIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final long SEED = 99;
    private static final long TRANSACTIONS = 400;

    @Test
    void fullLoadAndDeltasLandInPostgresReconcileWithTheLedgerAndReachDebezium(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(seeder(stack, "flow", Map.of("SEEDER_RATE", "200", "SEEDER_MAX_TRANSACTIONS", "300")));
        Map<String, SeederRuns.Entry> ledger = awaitPosition(stack, "ledger.flow", 1, 300, TIMEOUT);

        assertThat(ledger).hasSize(301);
        assertThat(ledger.values().iterator().next().rowCounts())
                .containsEntry("customers.r", 200).containsEntry("products.r", 50).containsEntry("orders.r", 300);
        for (String table : SeederRuns.TABLES) {
            assertThat(count(stack, "flow", table)).as(table).isEqualTo(netRows(ledger, table));
        }
        assertThat(stack.postgres().query("SELECT next_position FROM flow.seeder_progress WHERE task = 0"))
                .containsExactly(List.of("301"));

        rest.putConnector(stack.render(LocalStack.template("debezium-postgres"), Map.of(
                "DEBEZIUM_CONNECTOR_NAME", "seeder-debezium", "TOPIC_PREFIX", "seeded",
                "DEBEZIUM_TABLES", "flow.orders", "DEBEZIUM_SLOT", "seeder_slot",
                "DEBEZIUM_PUBLICATION", "seeder_publication", "DEBEZIUM_SLOT_DROP_ON_STOP", "true"))
                // The template's RouteColumnChanges (cdc-transforms) is not on this worker.
                .with(Map.of("transforms", "")));
        rest.awaitRunning("seeder-debezium", 1, TIMEOUT);
        rest.putConnector(seeder(stack, "flow", Map.of("SEEDER_RATE", "200", "SEEDER_MAX_TRANSACTIONS", "500")));
        awaitPosition(stack, "ledger.flow", 1, 500, TIMEOUT);
        Set<String> ops = Await.value("Debezium to see inserts, updates and deletes of flow.orders", TIMEOUT, () -> {
            Set<String> seen = stack.kafka().readAll("seeded.flow.orders").stream()
                    .filter(record -> record.value() != null)
                    .map(record -> SeederRuns.parse(record.value()).path("payload").path("op").asText())
                    .collect(Collectors.toSet());
            return seen.containsAll(Set.of("r", "c", "u", "d")) ? Optional.of(seen) : Optional.empty();
        });
        assertThat(ops).contains("r", "c", "u", "d");
        rest.deleteConnector("seeder-debezium");
        rest.deleteConnector("seeder-flow");
    }

    @Test
    void restartedConnectorContinuesTheSequenceOfAnUninterruptedRun(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        Map<String, String> run = Map.of("SEEDER_SEED", Long.toString(SEED), "SEEDER_MAX_TRANSACTIONS",
                Long.toString(TRANSACTIONS));
        Map<String, SeederRuns.Entry> reference = reference(stack);

        rest.putConnector(seeder(stack, "resumed", with(run, "SEEDER_RATE", "150")));
        awaitPosition(stack, "ledger.resumed", 1, 100, TIMEOUT);
        rest.restart("seeder-resumed");
        awaitPosition(stack, "ledger.resumed", 1, 200, TIMEOUT);
        stack.connect().stop();
        stack.connect().start();
        Map<String, SeederRuns.Entry> resumed = awaitPosition(stack, "ledger.resumed", 1, TRANSACTIONS, TIMEOUT);

        assertThat(resumed).hasSize((int) TRANSACTIONS + 1);
        assertThat(resumed.values().stream().map(SeederRuns.Entry::kind).toList())
                .isEqualTo(reference.values().stream().map(SeederRuns.Entry::kind).toList());
        for (String table : SeederRuns.TABLES) {
            assertThat(difference(stack, "reference", "resumed", table)).as(table).isZero();
        }
        stack.connect().rest().deleteConnector("seeder-resumed");
    }

    @Test
    void databaseOutageIsRiddenOutWithoutRepeatingOrSkippingATransaction(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        Map<String, SeederRuns.Entry> reference = reference(stack);
        rest.putConnector(seeder(stack, "outage", Map.of("SEEDER_SEED", Long.toString(SEED),
                "SEEDER_MAX_TRANSACTIONS", Long.toString(TRANSACTIONS), "SEEDER_RATE", "100")));
        awaitPosition(stack, "ledger.outage", 1, 100, TIMEOUT);

        stack.postgres().stop();
        Await.sleep(Duration.ofSeconds(4));
        stack.postgres().start();
        Map<String, SeederRuns.Entry> ledger = awaitPosition(stack, "ledger.outage", 1, TRANSACTIONS, TIMEOUT);

        assertThat(rest.status("seeder-outage").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(ledger).hasSize(reference.size());
        for (String table : SeederRuns.TABLES) {
            assertThat(difference(stack, "reference", "outage", table)).as(table).isZero();
        }
        rest.deleteConnector("seeder-outage");
    }

    /**
     * Rows removed behind the seeder's back (another writer, or commits a crash lost) break what it replays: the
     * task fails with the reason and the way out, instead of retrying one transaction for ever.
     */
    @Test
    void aDatabaseChangedBehindTheSeedersBackFailsTheTaskWithTheReason(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(seeder(stack, "diverged", Map.of("SEEDER_RATE", "100")));
        awaitPosition(stack, "ledger.diverged", 1, 30, TIMEOUT);

        stack.postgres().execute("DELETE FROM diverged.customers");
        String trace = rest.awaitTaskFailure("seeder-diverged", TIMEOUT);

        assertThat(trace).contains("TransactionRefusedException", "PostgreSQL refused transaction",
                "The database no longer holds what the seeder wrote", "give it an empty schema");
        rest.deleteConnector("seeder-diverged");
    }

    /**
     * Two instances of one task write into one schema at once, as a zombie on a frozen worker and the successor Connect
     * started elsewhere do: each transaction is written by one of them (the position's compare-and-set fences the
     * other), so the shop equals that of an uninterrupted run and the connector's task never fails.
     */
    @Test
    void twoInstancesOfOneTaskWriteEachTransactionOnce(LocalStack stack) throws Exception {
        ConnectRestClient rest = stack.connect().rest();
        Map<String, SeederRuns.Entry> reference = reference(stack);
        ConnectorDefinition twins = seeder(stack, "twins", Map.of("SEEDER_SEED", Long.toString(SEED),
                "SEEDER_MAX_TRANSACTIONS", Long.toString(TRANSACTIONS), "SEEDER_RATE", "100"));
        rest.putConnector(twins);
        Map<String, String> taskProps = new HashMap<>(twins.config());
        taskProps.put(StorefrontSeederTask.TASK_INDEX, "0");
        taskProps.put(StorefrontSeederTask.TASK_COUNT, "1");
        StorefrontSeederTask zombie = new StorefrontSeederTask();
        zombie.initialize(new NoOffsetsContext(taskProps));
        zombie.start(taskProps);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread polling = new Thread(() -> {
            try {
                while (running.get()) {
                    zombie.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "second-instance");
        polling.start();
        try {
            Await.until("the database through position " + TRANSACTIONS, TIMEOUT, () ->
                    stack.postgres().query("SELECT count(*) FROM twins.seeder_progress").equals(List.of(List.of("1")))
                            && position(stack, "twins") > TRANSACTIONS);
        } finally {
            running.set(false);
            polling.join();
            zombie.stop();
        }
        awaitPosition(stack, "ledger.twins", 1, TRANSACTIONS, TIMEOUT);

        assertThat(rest.status("seeder-twins").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(reference).hasSize((int) TRANSACTIONS + 1);
        for (String table : SeederRuns.TABLES) {
            assertThat(difference(stack, "reference", "twins", table)).as(table).isZero();
        }
        rest.deleteConnector("seeder-twins");
    }

    @Test
    void twoTasksShareTheWorkWithoutCollisions(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(seeder(stack, "two", Map.of("SEEDER_TASKS", "2", "SEEDER_RATE", "0",
                "SEEDER_MAX_TRANSACTIONS", "250")));
        Map<String, SeederRuns.Entry> ledger = awaitPosition(stack, "ledger.two", 2, 250, TIMEOUT);

        assertThat(ledger).hasSize(2 * 251);
        for (String table : SeederRuns.TABLES) {
            assertThat(count(stack, "two", table)).as(table).isEqualTo(netRows(ledger, table));
        }
        assertThat(count(stack, "two", "customers")).isPositive();
        assertThat(stack.postgres().query("SELECT count(*) FROM two.customers WHERE (id - 1) % 2 = 0"))
                .isNotEqualTo(List.of(List.of("0")));
        assertThat(rest.status("seeder-two").path("tasks")).allSatisfy(task ->
                assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
        rest.deleteConnector("seeder-two");
    }

    @Test
    void pauseStopsTheTrafficAndResumeContinuesIt(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(seeder(stack, "paused", Map.of("SEEDER_RATE", "50")));
        awaitPosition(stack, "ledger.paused", 1, 20, TIMEOUT);

        rest.pause("seeder-paused");
        rest.awaitState("seeder-paused", "PAUSED", 1, TIMEOUT);
        long atPause = position(stack, "paused");
        Await.sleep(Duration.ofSeconds(2));
        assertThat(position(stack, "paused")).isEqualTo(atPause);

        rest.resume("seeder-paused");
        Await.until("traffic after resume", TIMEOUT, () -> position(stack, "paused") > atPause + 20);
        rest.deleteConnector("seeder-paused");
    }

    @Test
    void kafkaModeWritesDebeziumShapedEventsThatReconcileWithTheLedger(LocalStack stack) {
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(seeder(stack, "kafkamode", Map.of("SEEDER_TARGET", "kafka", "TOPIC_PREFIX", "kseed",
                "SEEDER_RATE", "0", "SEEDER_MAX_TRANSACTIONS", "300")));
        Map<String, SeederRuns.Entry> ledger = awaitPosition(stack, "ledger.kafkamode", 1, 300, TIMEOUT);

        for (String table : SeederRuns.TABLES) {
            List<ConsumerRecord<String, String>> events = stack.kafka().readAll("kseed.kafkamode." + table);
            long net = events.stream().filter(event -> event.value() != null).mapToLong(event -> {
                String op = SeederRuns.parse(event.value()).path("payload").path("op").asText();
                return op.equals("d") ? -1 : op.equals("u") ? 0 : 1;
            }).sum();
            assertThat(net).as(table).isEqualTo(netRows(ledger, table));
        }
        JsonNode update = stack.kafka().readAll("kseed.kafkamode.orders").stream()
                .filter(event -> event.value() != null).map(event -> SeederRuns.parse(event.value()).path("payload"))
                .filter(payload -> payload.path("op").asText().equals("u")).findFirst().orElseThrow();
        assertThat(update.path("before").path("status").asText())
                .isNotEqualTo(update.path("after").path("status").asText());
        assertThat(update.path("source").path("lsn").asLong()).isPositive();
        rest.deleteConnector("seeder-kafkamode");
    }

    /** The uninterrupted run the interrupted ones are compared with, in schema 'reference'. */
    private static synchronized Map<String, SeederRuns.Entry> reference(LocalStack stack) {
        if (stack.kafka().topics().contains("ledger.reference")) {
            return awaitPosition(stack, "ledger.reference", 1, TRANSACTIONS, TIMEOUT);
        }
        stack.connect().rest().putConnector(seeder(stack, "reference", Map.of("SEEDER_SEED", Long.toString(SEED),
                "SEEDER_MAX_TRANSACTIONS", Long.toString(TRANSACTIONS), "SEEDER_RATE", "0")));
        Map<String, SeederRuns.Entry> ledger = awaitPosition(stack, "ledger.reference", 1, TRANSACTIONS, TIMEOUT);
        stack.connect().rest().deleteConnector("seeder-reference");
        return ledger;
    }

    private static long position(LocalStack stack, String schema) {
        return Long.parseLong(stack.postgres().query("SELECT next_position FROM " + schema
                + ".seeder_progress WHERE task = 0").get(0).get(0));
    }

    /** A task context with no committed offsets, for a task instance the test runs itself. */
    private record NoOffsetsContext(Map<String, String> configs) implements SourceTaskContext {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return null;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    return Map.of();
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
