package dev.cdcflow.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

/** Starting and stopping the Connect workers of the stack's group together. */
final class ConnectGroup {

    /** Where, in a worker's folder, a worker in a JVM of its own keeps its files. */
    static final String PROCESS_DIR = "process";

    private ConnectGroup() {
    }

    /**
     * Starts {@code count} workers at once: one in this JVM ({@code ownJvm} null), or each in a JVM of its own (the
     * first with the exporter agent on {@code metricsPort}, the others on free ports). Worker n keeps its files in
     * {@code connect-n} of the work folder, the first in {@code connect}. When one fails to start, those that did are
     * stopped.
     */
    static List<ConnectWorker> start(int count, String bootstrapServers, List<Path> pluginFolders, Path workDir,
                                     Map<String, String> overrides, ConnectWorker.WorkerRuntime ownJvm, Path agent,
                                     Path rules, int metricsPort) {
        List<CompletableFuture<ConnectWorker>> starts = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            ConnectWorker.WorkerRuntime runtime = ownJvm == null || !Files.isRegularFile(agent) ? ownJvm
                    : ownJvm.withAgent(new ConnectWorker.MetricsAgent(agent, rules, index == 0 ? metricsPort : 0));
            Path dir = workerDir(workDir, index);
            // A thread each: the workers start side by side, whatever the common pool's size on a small machine.
            starts.add(CompletableFuture.supplyAsync(() -> ConnectWorker.start(bootstrapServers, pluginFolders, dir,
                    overrides, runtime), task -> new Thread(task, "connect-worker-start").start()));
        }
        List<ConnectWorker> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<ConnectWorker> start : starts) {
            try {
                started.add(start.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("A Connect worker did not start", e.getCause());
                }
            }
        }
        if (failure != null) {
            stop(started);
            throw failure;
        }
        return List.copyOf(started);
    }

    /**
     * Stops, side by side, the workers a killed stack left running on {@code workDir}: before Kafka starts again, so
     * that none of them rejoins the group and runs tasks beside the new workers meanwhile.
     */
    static void stopLeftovers(Path workDir, int count) {
        IntStream.range(0, count).parallel().forEach(index -> ConnectProcess.stopLeftover(
                workerDir(workDir, index).resolve(PROCESS_DIR)));
    }

    private static Path workerDir(Path workDir, int index) {
        return workDir.resolve(index == 0 ? "connect" : "connect-" + (index + 1));
    }

    /** Stops the workers together: each waits out its tasks' graceful shutdown. */
    static void stop(List<ConnectWorker> workers) {
        workers.parallelStream().forEach(ConnectWorker::close);
    }
}
