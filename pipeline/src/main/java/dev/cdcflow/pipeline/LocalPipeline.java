package dev.cdcflow.pipeline;

import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.pipeline.batch.RunningStack;
import java.time.Duration;

/**
 * The main command: starts the local stack (no Docker) with every plugin of this repository and Debezium, runs the
 * storefront pipeline on it (seeder → PostgreSQL → Debezium → SMTs → ClickHouse and S3) and shows its status every
 * few seconds until Ctrl-C, when the stack's shutdown hook stops every service. Options: {@link PipelineOptions}.
 */
public final class LocalPipeline {

    /** Our log config by name, so that no log4j2 file another jar on the class path ships can win. */
    private static final String LOG_CONFIG = "cdcflow-log4j2.xml";
    /** How to run a first batch upload job against this stack, from a second terminal. */
    private static final String FIRST_BATCH_JOB = """
            Batch upload jobs (docs/batch.md), from another terminal:
              scripts/batch.sh model create events examples/batch/model.json     # prints the model and its id
              scripts/batch.sh job create <model id> examples/batch/events.csv   # prints: job <id> created.
              scripts/batch.sh job status <job id> --watch
              scripts/batch.sh job rejected <job id>""";
    /** Clears a terminal and puts the cursor home, so the status redraws in place. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private LocalPipeline() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(PipelineOptions.USAGE);
            return;
        }
        PipelineOptions options;
        try {
            options = PipelineOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            JvmExit.exit(2);
            return;
        }
        LocalStack.Builder builder = LocalStack.builder().pluginsIn(options.plugins())
                .metricsPort(options.metricsPort()).workers(options.workers())
                .brokers(options.brokers());
        if (options.workDir() != null) {
            builder.workDir(options.workDir());
        }
        System.out.println("Starting the local stack (no Docker)...");
        LocalStack stack;
        try {
            stack = builder.build().start();
        } catch (RuntimeException e) {
            // A work folder that cannot be taken or resumed, a server that cannot start: the message says why.
            System.err.println(e.getMessage());
            JvmExit.exit(1);
            return;
        }
        if (stack.resumed()) {
            System.out.println("Resumed the pipeline in " + stack.workDir());
        }
        System.out.printf("Local stack up in %.1f s:%n%s%n", stack.startupTimes().get("total").toMillis() / 1000.0,
                stack.describe());
        System.out.println("Registering the connectors from connectors/*.template.json...");
        try {
            new StorefrontPipeline(stack).start(options);
        } catch (RuntimeException e) {
            System.err.println("The pipeline could not be set up: " + e.getMessage());
            e.printStackTrace();
            stack.close();
            JvmExit.exit(1);
            return;
        }
        // Where the batch command finds this stack, whatever its work folder.
        RunningStack.record(StorefrontPipeline.batchSettings(stack), stack.workDir());
        System.out.println(FIRST_BATCH_JOB);
        showStatusUntilStopped(stack, options);
    }

    /** Prints the status every few seconds; Ctrl-C ends the JVM, whose shutdown hook stops the stack. */
    private static void showStatusUntilStopped(LocalStack stack, PipelineOptions options) throws InterruptedException {
        PipelineStatus status = new PipelineStatus(stack);
        boolean terminal = System.console() != null;
        long started = System.nanoTime();
        while (true) {
            try {
                String screen = StatusScreen.render(status.take(), Duration.ofNanos(System.nanoTime() - started));
                // A terminal redraws in place, with the addresses kept in view; a log gets one block per round.
                System.out.println(terminal ? CLEAR_SCREEN + screen + System.lineSeparator() + stack.describe()
                        : screen);
            } catch (RuntimeException stopping) {
                // The stack is going down (Ctrl-C) or a service is busy: the next round shows it again.
            }
            Thread.sleep(options.statusSeconds() * 1000L);
        }
    }
}
