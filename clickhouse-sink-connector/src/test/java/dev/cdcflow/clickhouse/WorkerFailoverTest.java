package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.ConnectWorker;
import dev.cdcflow.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sink on a group of three Connect workers, each in a JVM of its own, while records keep arriving: the worker
 * running one of its tasks is killed (SIGKILL: no task stopped, no offset flushed), frozen until its tasks run
 * elsewhere and then woken up as a zombie, or cut off from Kafka while it still reaches ClickHouse. Afterwards every
 * record is in ClickHouse once under FINAL and the stored offsets are the topic's ends. Each record is a new key, so
 * a record lost in a move is a missing row.
 */
@Tag("integration")
class WorkerFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int PARTITIONS = 6;

    private static LocalStack stack;

    @BeforeAll
    static void startThreeWorkers() {
        stack = LocalStack.fromSystemProperties().workers(3).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aKilledWorkersTasksMoveToTheOthersAndNoRecordIsLostOrDoubled() throws Exception {
        Run run = new Run("failover");
        register(run, Map.of());
        try (EventTrickle trickle = new EventTrickle(stack, run.topic(), PARTITIONS)) {
            Await.until("the first rows", TIMEOUT, () -> SinkOffsets.storedTotal(stack, run.database(),
                    run.connector()) > 100);
            ConnectWorker victim = workerOf(taskWorkers(run, stack.connect().rest()).get(0));
            String victimId = victim.workerId();
            victim.kill();
            ConnectRestClient survivor = survivor();
            awaitTasksAwayFrom(run, survivor, victimId);
            long atMove = trickle.sent();
            Await.until("rows after the move", TIMEOUT,
                    () -> SinkOffsets.storedTotal(stack, run.database(), run.connector()) > atMove);

            victim.start();
            Await.until("the restarted worker running a task again", TIMEOUT, () ->
                    taskWorkers(run, survivor).contains(victim.workerId()) && allRunning(run, survivor));
        }
        assertEveryRecordOnce(run);
    }

    /**
     * A worker frozen (SIGSTOP) longer than the group's and its consumers' session timeouts: its tasks are given to
     * the other workers while it still holds them, then it wakes up (SIGCONT) and goes on where it stood, a zombie,
     * with rows it had buffered and offsets it had not stored, until it learns it was fenced. What it writes late are
     * rows the new owners write too (same keys and versions) and offsets below theirs (the offsets table keeps the
     * highest): nothing is lost or doubled after FINAL, and the stored offsets end at the topic's ends.
     */
    @Test
    void aFrozenWorkerThatWakesUpAsAZombieChangesNothing() throws Exception {
        assertAZombieChangesNothing(new Run("zombie"), ConnectWorker::pause, ConnectWorker::resume);
    }

    /**
     * A worker cut off from Kafka (its packets to the broker dropped) while it still reaches ClickHouse: a network
     * partition. Unlike a frozen one, the zombie goes on running: its tasks can flush what they buffered and store
     * offsets in ClickHouse while the new owners write the same partitions, until the cut heals and it learns it lost
     * them. Nothing is lost or doubled after FINAL, and the stored offsets end at the topic's ends.
     */
    @Test
    void aWorkerCutOffFromKafkaWritesOnAsAZombieAndChangesNothing() throws Exception {
        assertAZombieChangesNothing(new Run("partitioned"),
                worker -> worker.cutOffFrom(stack.kafka().clientPorts()), ConnectWorker::heal);
    }

    /**
     * Isolates the worker of the first task until its tasks run on the others and they wrote more rows, then lets it
     * back: every record once after FINAL, the stored offsets at the topic's ends.
     */
    private static void assertAZombieChangesNothing(Run run, Consumer<ConnectWorker> isolate,
                                                    Consumer<ConnectWorker> letBack) throws Exception {
        // The consumers' session as short as the worker group's, so the isolated tasks' partitions move in seconds.
        register(run, Map.of("consumer.override.session.timeout.ms", "10000",
                "consumer.override.heartbeat.interval.ms", "1000"));
        try (EventTrickle trickle = new EventTrickle(stack, run.topic(), PARTITIONS)) {
            Await.until("the first rows", TIMEOUT, () -> SinkOffsets.storedTotal(stack, run.database(),
                    run.connector()) > 100);
            ConnectWorker zombie = workerOf(taskWorkers(run, stack.connect().rest()).get(0));
            String zombieId = zombie.workerId();
            isolate.accept(zombie);
            try {
                ConnectRestClient survivor = survivor(zombie);
                awaitTasksAwayFrom(run, survivor, zombieId);
                long atMove = trickle.sent();
                Await.until("rows written by the new owners", TIMEOUT,
                        () -> SinkOffsets.storedTotal(stack, run.database(), run.connector()) > atMove);
            } finally {
                letBack.accept(zombie);
            }
            Await.sleep(Duration.ofSeconds(10));
            Await.until("every task running again", TIMEOUT, () -> allRunning(run, survivor(zombie)));
        }
        assertEveryRecordOnce(run);
    }

    /** One test's topic, connector and database, named after the test. */
    private record Run(String name) {
        String topic() {
            return name + ".public.events";
        }

        String connector() {
            return name + "-sink";
        }

        String database() {
            return name;
        }
    }

    /** The sink with three tasks on the run's topic of six partitions, each task on a worker of its own. */
    private static void register(Run run, Map<String, String> extra) {
        assertThat(stack.workers()).hasSize(3).allMatch(ConnectWorker::isRunning);
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().createTopic(run.topic(), PARTITIONS);
        Map<String, String> config = new HashMap<>(extra);
        config.put("transforms", "");
        rest.putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", run.connector(), "CLICKHOUSE_SINK_TOPICS_REGEX",
                run.name() + "\\.public\\..*", "CLICKHOUSE_DATABASE", run.database(), "CLICKHOUSE_SINK_TASKS", "3",
                "CLICKHOUSE_BATCH_MAX_ROWS", "50", "CLICKHOUSE_BATCH_MAX_WAIT_MS", "200",
                "CLICKHOUSE_SINK_MAX_POLL_RECORDS", "20")).with(config));
        Await.until("three tasks on three workers", TIMEOUT, () -> taskWorkers(run, rest).size() == 3
                && new HashSet<>(taskWorkers(run, rest)).size() == 3);
    }

    private static void awaitTasksAwayFrom(Run run, ConnectRestClient rest, String workerId) {
        Await.until("the tasks of " + workerId + " running elsewhere", TIMEOUT, () -> {
            List<String> owners = taskWorkers(run, rest);
            return owners.size() == 3 && !owners.contains(workerId) && allRunning(run, rest);
        });
    }

    /** Every record produced is in ClickHouse once under FINAL, and the stored offsets are the topic's ends. */
    private static void assertEveryRecordOnce(Run run) throws Exception {
        Map<TopicPartition, Long> ends = SinkOffsets.ends(stack, run.topic(), PARTITIONS);
        Await.until("stored offsets at the topic's ends " + ends, TIMEOUT,
                () -> SinkOffsets.stored(stack, run.database(), run.connector()).equals(ends));
        long produced = ends.values().stream().mapToLong(Long::longValue).sum();
        EventTrickle.assertEveryIdOnce(stack, run.database() + ".events", produced);
        survivor().deleteConnector(run.connector());
    }

    /** The REST API of a running worker other than {@code except}s. */
    private static ConnectRestClient survivor(ConnectWorker... except) {
        List<ConnectWorker> excluded = List.of(except);
        return stack.workers().stream().filter(worker -> worker.isRunning() && !excluded.contains(worker))
                .findFirst().orElseThrow().rest();
    }

    /** The worker id (REST host:port) running each task, in task order. */
    private static List<String> taskWorkers(Run run, ConnectRestClient rest) {
        List<String> owners = new ArrayList<>();
        for (JsonNode task : rest.status(run.connector()).path("tasks")) {
            owners.add(task.path("worker_id").asText());
        }
        return owners;
    }

    private static boolean allRunning(Run run, ConnectRestClient rest) {
        JsonNode tasks = rest.status(run.connector()).path("tasks");
        for (JsonNode task : tasks) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return tasks.size() == 3;
    }

    private static ConnectWorker workerOf(String workerId) {
        return stack.workers().stream().filter(worker -> worker.workerId().equals(workerId)).findFirst()
                .orElseThrow(() -> new AssertionError("No worker of the stack is " + workerId));
    }
}
