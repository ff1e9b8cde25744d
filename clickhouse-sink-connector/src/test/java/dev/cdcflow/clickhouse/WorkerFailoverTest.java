package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.ConnectWorker;
import dev.cdcflow.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sink on a group of three Connect workers, each in a JVM of its own, while records keep arriving: the worker
 * running one of its tasks is killed (SIGKILL, no task stopped, no offset flushed), its tasks move to the two others
 * once its session times out, and later it comes back and takes a share again. Afterwards every record is in
 * ClickHouse once under FINAL and the stored offsets are the topic's ends. Each record is a new key, so a record
 * lost in the move is a missing row.
 */
@Tag("integration")
class WorkerFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String TOPIC = "failover.public.events";
    private static final String CONNECTOR = "failover-sink";
    private static final String DATABASE = "failover";
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
        assertThat(stack.workers()).hasSize(3).allMatch(ConnectWorker::isRunning);
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().createTopic(TOPIC, PARTITIONS);
        rest.putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", CONNECTOR, "CLICKHOUSE_SINK_TOPICS_REGEX", "failover\\.public\\..*",
                "CLICKHOUSE_DATABASE", DATABASE, "CLICKHOUSE_SINK_TASKS", "3", "CLICKHOUSE_BATCH_MAX_ROWS", "50",
                "CLICKHOUSE_BATCH_MAX_WAIT_MS", "200", "CLICKHOUSE_SINK_MAX_POLL_RECORDS", "20"))
                .with(Map.of("transforms", "")));
        Await.until("three tasks on three workers", TIMEOUT, () -> taskWorkers(rest).size() == 3
                && new HashSet<>(taskWorkers(rest)).size() == 3);

        try (EventTrickle trickle = new EventTrickle(stack, TOPIC, PARTITIONS)) {
            Await.until("the first rows", TIMEOUT, () -> SinkOffsets.storedTotal(stack, DATABASE, CONNECTOR) > 100);
            ConnectWorker victim = workerOf(taskWorkers(rest).get(0));
            String victimId = victim.workerId();
            victim.kill();
            ConnectRestClient survivor = stack.workers().stream().filter(ConnectWorker::isRunning).findFirst()
                    .orElseThrow().rest();
            Await.until("the killed worker's tasks running elsewhere", TIMEOUT, () -> {
                List<String> owners = taskWorkers(survivor);
                return owners.size() == 3 && !owners.contains(victimId) && allRunning(survivor);
            });
            long atMove = trickle.sent();
            Await.until("rows after the move", TIMEOUT,
                    () -> SinkOffsets.storedTotal(stack, DATABASE, CONNECTOR) > atMove);

            victim.start();
            Await.until("the restarted worker running a task again", TIMEOUT, () -> {
                List<String> owners = taskWorkers(survivor);
                return owners.contains(victim.workerId()) && allRunning(survivor);
            });
        }

        Map<TopicPartition, Long> ends = SinkOffsets.ends(stack, TOPIC, PARTITIONS);
        Await.until("stored offsets at the topic's ends " + ends, TIMEOUT,
                () -> SinkOffsets.stored(stack, DATABASE, CONNECTOR).equals(ends));
        long produced = ends.values().stream().mapToLong(Long::longValue).sum();
        Set<Long> ids = new TreeSet<>();
        stack.clickHouse().rows("SELECT id FROM " + DATABASE + ".events FINAL")
                .forEach(row -> ids.add(Long.parseLong(row.get(0))));
        List<Long> missing = new ArrayList<>();
        for (long id = 0; id < produced; id++) {
            if (!ids.contains(id)) {
                missing.add(id);
            }
        }
        assertThat(missing).as("ids of records produced but not in ClickHouse (of " + produced + ")").isEmpty();
        assertThat(stack.clickHouse().scalar("SELECT count() FROM " + DATABASE + ".events FINAL"))
                .as("rows under FINAL, one per record").isEqualTo(Long.toString(produced));
        stack.connect().rest().deleteConnector(CONNECTOR);
    }

    /** The worker id (REST host:port) running each task, in task order. */
    private static List<String> taskWorkers(ConnectRestClient rest) {
        List<String> owners = new ArrayList<>();
        for (JsonNode task : rest.status(CONNECTOR).path("tasks")) {
            owners.add(task.path("worker_id").asText());
        }
        return owners;
    }

    private static boolean allRunning(ConnectRestClient rest) {
        JsonNode tasks = rest.status(CONNECTOR).path("tasks");
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
