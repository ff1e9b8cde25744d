package dev.cdcflow.pipeline;

import dev.cdcflow.localstack.LocalStack;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The main command: starts the local stack with every plugin of this repository and Debezium, prints where each
 * service listens, and runs until Ctrl-C, then stops everything cleanly.
 *
 * <p>Arguments: {@code --plugins DIR} (a folder of plugin folders, default {@code pipeline/target/plugins}) and
 * {@code --work-dir DIR} (keep the services' files there instead of a temporary folder).
 */
public final class LocalPipeline {

    private LocalPipeline() {
    }

    /** Our log config by name: kafka-test-common-runtime ships a log4j2.yaml that would otherwise win. */
    private static final String LOG_CONFIG = "cdcflow-log4j2.xml";

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        Path plugins = Path.of("pipeline", "target", "plugins");
        Path workDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plugins" -> plugins = Path.of(requireValue(args, ++i));
                case "--work-dir" -> workDir = Path.of(requireValue(args, ++i));
                case "--help", "-h" -> {
                    System.out.println("Usage: scripts/run-pipeline.sh [--plugins DIR] [--work-dir DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + " (try --help)");
            }
        }
        LocalStack.Builder builder = LocalStack.builder().pluginsIn(plugins);
        if (workDir != null) {
            builder.workDir(workDir);
        }
        System.out.println("Starting the local stack (no Docker)...");
        LocalStack stack = builder.build().start();
        System.out.printf("Local stack up in %.1f s:%n%s%nPress Ctrl-C to stop.%n",
                stack.startupTimes().get("total").toMillis() / 1000.0, stack.describe());
        // The stack's shutdown hook stops every service on Ctrl-C; this thread only has to stay alive.
        new CountDownLatch(1).await();
    }

    private static String requireValue(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
