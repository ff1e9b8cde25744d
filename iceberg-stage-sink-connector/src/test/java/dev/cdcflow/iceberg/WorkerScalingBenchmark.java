package dev.cdcflow.iceberg;

import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.WorkerScaling;
import java.util.Locale;
import java.util.Map;

/**
 * The Iceberg stage on a group of 1, 2 and 3 Connect workers ({@link WorkerScaling}): a topic of six partitions of
 * order rows filled beforehand, the stage with six tasks committing every 5 s, and the time until its consumer group
 * has committed the topic's ends (the stage lets Connect commit only what its tables hold). Run by
 * scripts/bench-iceberg-stage-workers.sh.
 */
public final class WorkerScalingBenchmark implements WorkerScaling.Sink {

    private static final int ROWS = Integer.getInteger("bench.rows", 300_000);
    private static final int PARTITIONS = 6;
    private static final int CHUNK = 10_000;
    private static final String TOPIC = "scaling.public.orders";
    private static final String CONNECTOR = "scaling-stage";

    public static void main(String[] args) {
        JvmExit.runThenExit(() -> {
            System.out.printf(Locale.ROOT, "%,d order rows over %d partitions (three days), the stage with %d tasks "
                    + "committing every 5 s (JsonConverter with schemas, the JDBC catalog on the stack's PostgreSQL); "
                    + "each worker its own JVM (-Xmx1g)%n", ROWS, PARTITIONS, PARTITIONS);
            WorkerScaling.run(ROWS, new WorkerScalingBenchmark());
        });
    }

    @Override
    public void fill(LocalStack stack) {
        stack.s3().createBucket("lakehouse");
        stack.kafka().createTopic(TOPIC, PARTITIONS);
        for (int first = 1; first <= ROWS; first += CHUNK) {
            stack.kafka().produce(TOPIC, StageFixtures.orders(first, Math.min(ROWS, first + CHUNK - 1)));
        }
    }

    @Override
    public void register(LocalStack stack) {
        stack.connect().rest().putConnector(StageFixtures.definition(stack, CONNECTOR, TOPIC).with(Map.of(
                "tasks.max", Integer.toString(PARTITIONS), IcebergStageConfig.COMMIT_INTERVAL_MS_CONFIG, "5000")));
    }

    @Override
    public boolean done(LocalStack stack) {
        return stack.kafka().groupAtEnd("connect-" + CONNECTOR, TOPIC);
    }
}
