package dev.cdcflow.pipeline.soak;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.pipeline.StorefrontPipeline;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The faults the soak injects, one per cycle, while the seeder's traffic flows. */
enum Fault {
    /** The pipeline's JVM killed with SIGKILL by the supervising script, then started again on the same folder. */
    KILL_PIPELINE("kill -9 of the pipeline JVM, restarted on the same work folder"),
    WORKER_RESTART("the Connect worker stopped gracefully and started again"),
    SINK_TASK_RESTART("the three sinks' tasks restarted over Connect's REST API"),
    CLICKHOUSE_KILL("ClickHouse killed (SIGKILL) and started again after 5 s"),
    POSTGRES_CRASH("PostgreSQL shut down in immediate mode (a crash) and started again after 3 s"),
    S3_OUTAGE("the S3 server stopped for 8 s"),
    REBALANCE("the sinks' tasks.max switched (ClickHouse and S3 between 1 and 2, the stage between 2 and 3): the "
            + "worker moves partitions between tasks"),
    CLICKHOUSE_OUTAGE_WITH_REBALANCE("ClickHouse stopped, a rebalance of the three sinks while it is away, ClickHouse "
            + "back");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    /** The name people type: {@code clickhouse-kill}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String description() {
        return description;
    }

    static Fault parse(String label) {
        return Arrays.stream(values()).filter(fault -> fault.label().equals(label.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown fault '" + label + "'; one of "
                        + Arrays.stream(values()).map(Fault::label).toList()));
    }

    static List<Fault> all() {
        return List.of(values());
    }

    /**
     * Injects the fault into a running stack and returns once the stack has everything back (the pipeline itself
     * may still be recovering). {@link #KILL_PIPELINE} is done by the caller: it needs the process outside.
     */
    void inject(LocalStack stack, SinkTasks sinkTasks) {
        switch (this) {
            case KILL_PIPELINE -> throw new IllegalStateException("The supervising script kills the pipeline JVM");
            case WORKER_RESTART -> {
                stack.connect().stop();
                stack.connect().start();
            }
            case SINK_TASK_RESTART -> {
                stack.connect().rest().restart(StorefrontPipeline.CLICKHOUSE_SINK);
                stack.connect().rest().restart(StorefrontPipeline.S3_SINK);
                stack.connect().rest().restart(StorefrontPipeline.ICEBERG_STAGE);
            }
            case CLICKHOUSE_KILL -> {
                stack.clickHouse().stop();
                Await.sleep(Duration.ofSeconds(5));
                stack.clickHouse().start();
            }
            case POSTGRES_CRASH -> {
                stack.postgres().crash();
                Await.sleep(Duration.ofSeconds(3));
                stack.postgres().start();
            }
            case S3_OUTAGE -> {
                stack.s3().stop();
                Await.sleep(Duration.ofSeconds(8));
                stack.s3().start();
            }
            case REBALANCE -> sinkTasks.toggle();
            case CLICKHOUSE_OUTAGE_WITH_REBALANCE -> {
                stack.clickHouse().stop();
                Await.sleep(Duration.ofSeconds(3));
                sinkTasks.toggle();
                Await.sleep(Duration.ofSeconds(5));
                stack.clickHouse().start();
            }
            default -> throw new IllegalStateException("No injection for " + this);
        }
    }

    /** Switches the number of tasks of the sinks, which makes the worker rebalance their partitions. */
    interface SinkTasks {
        void toggle();
    }
}
