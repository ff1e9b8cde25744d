package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.connectinit.ConnectorDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Debezium's task on a group of three workers over a three-node Kafka, while rows are committed: the worker running
 * the task is killed (SIGKILL), or frozen. The replication slot must never have been told a change is done before it
 * was in Kafka: every row committed at or below the slot's confirmed position is in the topic when the worker dies.
 * The task then runs on another worker, resumes from its last stored offset, and every committed row reaches the
 * topic: no gap (a change may come twice: Debezium delivers at least once, and the sinks keep the highest version).
 */
@Tag("integration")
class DebeziumFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;

    @BeforeAll
    static void startACluster() {
        stack = LocalStack.fromSystemProperties().workers(3).brokers(3).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aKilledWorkersDebeziumTaskMovesWithoutAGap() {
        Capture capture = Capture.start("killed");
        try (RowWriter writer = new RowWriter(stack.postgres(), capture.table)) {
            capture.awaitRows(200);
            // The check below means something only once the task has confirmed rows to PostgreSQL: that happens
            // after the worker's offset flush (every second here) and Debezium's commit, which can come after row
            // 200 reached Kafka on a slow machine (a clean-clone run killed the worker before the first one).
            Await.until("the slot confirming rows", TIMEOUT,
                    () -> !writer.committedAtOrBelow(capture.confirmedLsn()).isEmpty());
            ConnectWorker victim = capture.worker();
            String victimId = victim.workerId();
            ConnectRestClient survivor = otherThan(victim).rest();
            victim.kill();

            // What the dead task had confirmed to PostgreSQL, against what it had put in Kafka.
            long confirmed = capture.confirmedLsn();
            Set<Long> inKafkaAtKill = capture.ids();
            List<Long> confirmedButMissing = writer.committedAtOrBelow(confirmed).stream()
                    .filter(id -> !inKafkaAtKill.contains(id)).toList();
            assertThat(confirmedButMissing).as("rows the slot confirmed (up to LSN %s) that never reached Kafka",
                    Long.toHexString(confirmed)).isEmpty();

            capture.awaitRunningAwayFrom(survivor, victimId);
            capture.awaitRows(writer.committed() + 50);
            writer.stop();
            victim.start();
            capture.awaitEvery(writer.all());
        } finally {
            capture.delete();
        }
    }

    /**
     * The worker running the task frozen (SIGSTOP) past the group's session timeout and PostgreSQL's
     * {@code wal_sender_timeout} (60 s): the task is started on another worker while the frozen one still holds the
     * replication slot, and must wait for PostgreSQL to let the slot go instead of failing (the template's
     * {@code slot.max.retries}). Then the frozen worker wakes up, a zombie whose stream is gone.
     */
    @Test
    void aFrozenWorkersDebeziumTaskWaitsForTheSlotAndMovesWithoutAGap() {
        Capture capture = Capture.start("frozen");
        try (RowWriter writer = new RowWriter(stack.postgres(), capture.table)) {
            capture.awaitRows(200);
            ConnectWorker victim = capture.worker();
            String victimId = victim.workerId();
            ConnectRestClient survivor = otherThan(victim).rest();
            victim.pause();
            try {
                capture.awaitRunningAwayFrom(survivor, victimId);
                capture.awaitRows(writer.committed() + 50);
            } finally {
                victim.resume();
            }
            writer.stop();
            capture.awaitEvery(writer.all());
            capture.awaitRunningAwayFrom(survivor, victimId);
        } finally {
            capture.delete();
        }
    }

    private static ConnectWorker otherThan(ConnectWorker worker) {
        return stack.workers().stream().filter(other -> other != worker).findFirst().orElseThrow();
    }

    /** A table of its own, captured by a Debezium connector of its own from the repository's template. */
    private record Capture(String connector, String table, String slot, String topic) {

        static Capture start(String name) {
            Capture capture = new Capture(name + "-debezium", name + "_rows", name + "_slot",
                    name + ".public." + name + "_rows");
            stack.postgres().execute("CREATE TABLE " + capture.table + " (id BIGINT PRIMARY KEY, note TEXT NOT NULL)");
            ConnectorDefinition debezium = stack.render(LocalStack.template("debezium-postgres"),
                    Map.of("DEBEZIUM_CONNECTOR_NAME", capture.connector, "TOPIC_PREFIX", name,
                            "DEBEZIUM_TABLES", "public." + capture.table, "DEBEZIUM_SLOT", capture.slot,
                            "DEBEZIUM_PUBLICATION", name + "_publication"))
                    // The template's RouteColumnChanges lives in cdc-transforms, which is built after this module.
                    .with(Map.of("transforms", ""));
            stack.connect().rest().putConnector(debezium);
            stack.connect().rest().awaitRunning(capture.connector, 1, TIMEOUT);
            Await.until("replication slot " + capture.slot, TIMEOUT, () -> !stack.postgres()
                    .query("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + capture.slot + "'").isEmpty());
            return capture;
        }

        /** The slot's {@code confirmed_flush_lsn}: what the task told PostgreSQL it has done with. */
        long confirmedLsn() {
            return lsn(stack.postgres().query("SELECT confirmed_flush_lsn FROM pg_replication_slots "
                    + "WHERE slot_name = '" + slot + "'").get(0).get(0));
        }

        /** The ids of the rows the topic's create events carry. */
        Set<Long> ids() {
            return idsIn(stack.kafka().readAll(topic));
        }

        void awaitRows(long id) {
            Await.until("row " + id + " in Kafka", TIMEOUT, () -> ids().contains(id));
        }

        void awaitEvery(Set<Long> committed) {
            assertThat(committed).hasSizeGreaterThan(300);
            Await.until("every committed row in Kafka", TIMEOUT, () -> ids().containsAll(committed));
        }

        ConnectWorker worker() {
            String workerId = stack.connect().rest().status(connector).path("tasks").get(0).path("worker_id")
                    .asText();
            return stack.workers().stream().filter(worker -> worker.workerId().equals(workerId)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No worker " + workerId));
        }

        void awaitRunningAwayFrom(ConnectRestClient rest, String workerId) {
            Await.until("the task running on another worker than " + workerId, TIMEOUT, () -> {
                JsonNode tasks = rest.status(connector).path("tasks");
                return tasks.size() == 1 && "RUNNING".equals(tasks.get(0).path("state").asText())
                        && !tasks.get(0).path("worker_id").asText().equals(workerId);
            });
        }

        void delete() {
            stack.workers().stream().filter(ConnectWorker::isRunning).findFirst()
                    .ifPresent(worker -> worker.rest().deleteConnector(connector));
        }
    }

    /** The ids of the rows the topic's create events carry. */
    private static Set<Long> idsIn(List<ConsumerRecord<String, String>> records) {
        Set<Long> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.value() != null) {
                try {
                    ids.add(JSON.readTree(record.value()).path("payload").path("after").path("id").asLong());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return ids;
    }

    /** A PostgreSQL LSN ({@code 16/B374D848}) as a number. */
    static long lsn(String text) {
        String[] parts = text.split("/");
        return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
    }

    /**
     * Commits one row after another, each in a transaction of its own, and notes for each the WAL position after its
     * commit (its commit record ends at or before it).
     */
    private static final class RowWriter implements AutoCloseable {
        private final ConcurrentMap<Long, Long> lsnAfterCommit = new ConcurrentHashMap<>();
        private final AtomicLong committed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        RowWriter(PostgresServer postgres, String table) {
            thread = new Thread(() -> write(postgres, table), "failover-rows");
            thread.start();
        }

        private void write(PostgresServer postgres, String table) {
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                for (long id = 1; running.get(); id++) {
                    statement.execute("INSERT INTO " + table + " VALUES (" + id + ", 'row " + id + "')");
                    try (ResultSet after = statement.executeQuery("SELECT pg_current_wal_lsn()")) {
                        after.next();
                        lsnAfterCommit.put(id, lsn(after.getString(1)));
                    }
                    committed.set(id);
                    Thread.sleep(10);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Writing rows failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long committed() {
            return committed.get();
        }

        Set<Long> all() {
            return Set.copyOf(lsnAfterCommit.keySet());
        }

        /** The rows whose commit ended at or before {@code lsn}, as far as the WAL position after it tells. */
        List<Long> committedAtOrBelow(long lsn) {
            return lsnAfterCommit.entrySet().stream().filter(entry -> entry.getValue() <= lsn)
                    .map(Map.Entry::getKey).sorted().toList();
        }

        /** Stops writing after the row in flight. */
        void stop() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
