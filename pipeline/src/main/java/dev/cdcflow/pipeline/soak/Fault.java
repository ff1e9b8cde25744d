package dev.cdcflow.pipeline.soak;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectWorker;
import dev.cdcflow.localstack.KafkaNode;
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
            + "back"),
    /** The faults of a group of workers (--workers 2 or more); a soak of one worker leaves them out. */
    WORKER_KILL("one Connect worker of the group killed (SIGKILL) and started again after 15 s: its tasks move to the "
            + "others and back", Needs.WORKER_GROUP),
    WORKER_FREEZE("one Connect worker frozen (SIGSTOP) for 60 s, past the group's and its consumers' session timeouts, "
            + "then woken up: its tasks run elsewhere meanwhile, and it comes back a zombie", Needs.WORKER_GROUP),
    ROLLING_RESTART("every Connect worker stopped gracefully and started again, one after the other",
            Needs.WORKER_GROUP),
    WORKER_PARTITION("one Connect worker cut off from Kafka for 60 s (its packets to the brokers dropped) while it "
            + "still reaches PostgreSQL, ClickHouse and S3, then healed: its tasks run elsewhere meanwhile, and it is "
            + "a zombie that can still write", Needs.NETWORK_CUT),
    /** The fault of a Kafka cluster (--brokers 3 or more). */
    BROKER_KILL("one Kafka node of the cluster killed (SIGKILL) and started again after 15 s: the leaders of its "
            + "partitions move to the others, and it catches up before the next fault", Needs.KAFKA_CLUSTER);

    private static final Duration KILLED_FOR = Duration.ofSeconds(15);
    /** Past the consumers' default session timeout (45 s) and the worker group's (10 s). */
    private static final Duration FROZEN_FOR = Duration.ofSeconds(60);
    private static final Duration CUT_FOR = Duration.ofSeconds(60);

    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    /** What a fault needs of the stack beyond one worker on one Kafka node. */
    enum Needs {
        NOTHING(""),
        WORKER_GROUP("--workers 2 or more"),
        KAFKA_CLUSTER("--brokers 3 or more"),
        NETWORK_CUT("--workers 2 or more, and a machine where a worker can be cut off the network (root, cgroup v2, "
                + "iptables)");

        private final String option;

        Needs(String option) {
            this.option = option;
        }

        /** The option that provides it. */
        String option() {
            return option;
        }

        boolean metBy(int workers, int brokers) {
            return switch (this) {
                case NOTHING -> true;
                case WORKER_GROUP -> workers > 1;
                case KAFKA_CLUSTER -> brokers > 1;
                case NETWORK_CUT -> workers > 1 && ConnectWorker.networkCutsUnavailableBecause() == null;
            };
        }
    }

    private final String description;
    private final Needs needs;

    Fault(String description) {
        this(description, Needs.NOTHING);
    }

    Fault(String description, Needs needs) {
        this.description = description;
        this.needs = needs;
    }

    Needs needs() {
        return needs;
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

    /** Every fault a stack of {@code workers} Connect workers and {@code brokers} Kafka nodes can take. */
    static List<Fault> all(int workers, int brokers) {
        return Arrays.stream(values()).filter(fault -> fault.needs.metBy(workers, brokers)).toList();
    }

    /**
     * Injects the fault into a running stack and returns once the stack has everything back (the pipeline itself
     * may still be recovering). {@link #KILL_PIPELINE} is done by the caller: it needs the process outside.
     */
    void inject(LocalStack stack, SinkTasks sinkTasks, int cycle) {
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
            case WORKER_KILL -> {
                ConnectWorker worker = victim(stack, cycle);
                worker.kill();
                Await.sleep(KILLED_FOR);
                worker.start();
            }
            case WORKER_FREEZE -> {
                ConnectWorker worker = victim(stack, cycle);
                worker.pause();
                try {
                    Await.sleep(FROZEN_FOR);
                } finally {
                    worker.resume();
                }
            }
            case WORKER_PARTITION -> {
                ConnectWorker worker = victim(stack, cycle);
                worker.cutOffFrom(stack.kafka().clientPorts());
                try {
                    Await.sleep(CUT_FOR);
                } finally {
                    worker.heal();
                }
            }
            case ROLLING_RESTART -> stack.workers().forEach(worker -> {
                worker.stop();
                worker.start();
            });
            case BROKER_KILL -> {
                List<KafkaNode> nodes = stack.kafka().nodes();
                KafkaNode node = nodes.get(cycle % nodes.size());
                node.kill();
                Await.sleep(KILLED_FOR);
                node.start();
                stack.kafka().awaitFullyReplicated(CATCH_UP);
            }
            default -> throw new IllegalStateException("No injection for " + this);
        }
    }

    /**
     * The worker a cycle's fault takes: one of the group but the first (whose REST API the soak drives), in turn by
     * cycle.
     */
    private static ConnectWorker victim(LocalStack stack, int cycle) {
        List<ConnectWorker> workers = stack.workers();
        return workers.get(1 + cycle % (workers.size() - 1));
    }

    /** Switches the number of tasks of the sinks, which makes the worker rebalance their partitions. */
    interface SinkTasks {
        void toggle();
    }
}
