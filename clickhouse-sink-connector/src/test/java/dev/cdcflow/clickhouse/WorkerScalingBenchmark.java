package dev.cdcflow.clickhouse;

import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.WorkerScaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The sink on a group of 1, 2 and 3 Connect workers ({@link WorkerScaling}): a topic of six partitions filled
 * beforehand, the sink with six tasks, and the time until ClickHouse's offsets table holds every row. Run by
 * scripts/bench-clickhouse-sink-workers.sh.
 */
public final class WorkerScalingBenchmark implements WorkerScaling.Sink {

    private static final int ROWS = Integer.getInteger("bench.rows", 300_000);
    private static final int PARTITIONS = 6;
    private static final String TOPIC = "scaling.public.events";

    public static void main(String[] args) {
        JvmExit.runThenExit(() -> {
            System.out.printf(Locale.ROOT, "%,d rows over %d partitions, the sink with %d tasks (batch.max.rows "
                    + "100,000, JsonConverter with schemas); each worker its own JVM (-Xmx1g)%n", ROWS, PARTITIONS,
                    PARTITIONS);
            WorkerScaling.run(ROWS, new WorkerScalingBenchmark());
        });
    }

    /** The topic's rows, new ids round robin over the partitions. */
    @Override
    public void fill(LocalStack stack) {
        stack.kafka().createTopic(TOPIC, PARTITIONS);
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

    @Override
    public void register(LocalStack stack) {
        stack.connect().rest().putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", "scaling-sink", "CLICKHOUSE_SINK_TOPICS_REGEX", "scaling\\.public\\..*",
                "CLICKHOUSE_DATABASE", "scaling", "CLICKHOUSE_SINK_TASKS", Integer.toString(PARTITIONS)))
                .with(Map.of("transforms", "")));
    }

    @Override
    public boolean done(LocalStack stack) {
        return SinkOffsets.storedTotal(stack, "scaling", "scaling-sink") >= ROWS;
    }
}
