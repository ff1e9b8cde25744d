package dev.cdcflow.clickhouse;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.CpuUse;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The sink on a group of 1, 2 and 3 Connect workers, each in a JVM of its own (one worker too, so the runs differ
 * only in the workers' count): a topic of six partitions filled beforehand, the sink with six tasks registered, and
 * the time until ClickHouse holds every row, with the whole stack's CPU (this JVM's threads, the workers and ClickHouse
 * below it). On one machine more workers can only show their overhead; the CPU per row says what a cluster of
 * machines would pay for them. Run by scripts/bench-clickhouse-sink-workers.sh.
 */
public final class WorkerScalingBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 300_000);
    private static final int PARTITIONS = 6;
    private static final String TOPIC = "scaling.public.events";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private WorkerScalingBenchmark() {
    }

    public static void main(String[] args) {
        JvmExit.runThenExit(WorkerScalingBenchmark::benchmark);
    }

    private static void benchmark() {
        System.out.printf(Locale.ROOT, "%,d rows over %d partitions, the sink with %d tasks (batch.max.rows 100,000, "
                + "JsonConverter with schemas); each worker its own JVM (-Xmx1g)%n", ROWS, PARTITIONS, PARTITIONS);
        for (int workers = 1; workers <= 3; workers++) {
            run(workers);
        }
    }

    private static void run(int workers) {
        Path lib = LocalStack.repositoryDir().resolve("worker-runtime/target/lib");
        try (LocalStack stack = LocalStack.fromSystemProperties().workers(workers)
                .workerRuntime(lib, Path.of(System.getProperty("java.home"), "bin", "java")).build().start()) {
            stack.kafka().createTopic(TOPIC, PARTITIONS);
            fill(stack);
            CpuUse cpu = new CpuUse();
            long start = System.nanoTime();
            stack.connect().rest().putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                    "CLICKHOUSE_SINK_NAME", "scaling-sink", "CLICKHOUSE_SINK_TOPICS_REGEX", "scaling\\.public\\..*",
                    "CLICKHOUSE_DATABASE", "scaling", "CLICKHOUSE_SINK_TASKS", Integer.toString(PARTITIONS)))
                    .with(Map.of("transforms", "")));
            Await.until("every row in ClickHouse", TIMEOUT,
                    () -> SinkOffsets.storedTotal(stack, "scaling", "scaling-sink") >= ROWS);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuUse.Usage used = cpu.since(seconds);
            System.out.printf(Locale.ROOT, "%d worker%s: %,.0f rows/s (%.1f s from registration), %.1f core-s, "
                    + "%.1f core-µs per row; %s%n", workers, workers == 1 ? " " : "s", ROWS / seconds, seconds,
                    used.coreSeconds(), used.coreSeconds() * 1e6 / ROWS, used.describe(4));
        }
    }

    /** The topic's rows, new ids round robin over the partitions, sent before the sink starts. */
    private static void fill(LocalStack stack) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            records.add(new ProducerRecord<>(TOPIC, (int) (id % PARTITIONS), EventTrickle.key(id),
                    EventTrickle.value(id)));
            if (records.size() == 10_000) {
                stack.kafka().send(records);
                records.clear();
            }
        }
        stack.kafka().send(records);
    }
}
