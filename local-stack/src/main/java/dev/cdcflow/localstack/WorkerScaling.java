package dev.cdcflow.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The harness of the sinks' scaling benchmarks: one sink on a group of 1, 2 and 3 Connect workers, each in a JVM of
 * its own (one worker too, so the runs differ only in the workers' count), a new stack per run. The topic is filled
 * before the sink is registered; the time is from registration until every row is durable, with the whole stack's
 * CPU (this JVM's threads, the workers and the servers below it). On one machine more workers can only show their
 * overhead; the CPU per row says what a cluster of machines would pay for them.
 */
public final class WorkerScaling {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_WORKERS = 3;

    /** The sink under test, as each run sets it up on a new stack. */
    public interface Sink {
        /** Buckets, topics and the topic's rows: not timed. */
        void fill(LocalStack stack);

        /** Registers the sink: the time starts here. */
        void register(LocalStack stack);

        /** Whether every row is durable where the sink writes. */
        boolean done(LocalStack stack);
    }

    private WorkerScaling() {
    }

    /** Runs the sink on 1, 2 and 3 workers and prints a line per run; {@code rows} is what each run writes. */
    public static void run(long rows, Sink sink) {
        Path lib = LocalStack.repositoryDir().resolve(WorkerRuntimes.THIS_RELEASE_LIB);
        for (int workers = 1; workers <= MAX_WORKERS; workers++) {
            try (LocalStack stack = LocalStack.fromSystemProperties().workers(workers)
                    .workerRuntime(lib, Path.of(System.getProperty("java.home"), "bin", "java")).build().start()) {
                sink.fill(stack);
                CpuUse cpu = new CpuUse();
                long start = System.nanoTime();
                sink.register(stack);
                Await.until("every row written", TIMEOUT, () -> sink.done(stack));
                double seconds = (System.nanoTime() - start) / 1e9;
                CpuUse.Usage used = cpu.since(seconds);
                System.out.printf(Locale.ROOT, "%d worker%s: %,.0f rows/s (%.1f s from registration), %.1f core-s, "
                        + "%.1f core-µs per row; %s%n", workers, workers == 1 ? " " : "s", rows / seconds, seconds,
                        used.coreSeconds(), used.coreSeconds() * 1e6 / rows, used.describe(4));
            }
        }
    }
}
