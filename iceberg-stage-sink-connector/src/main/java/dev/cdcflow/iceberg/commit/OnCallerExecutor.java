package dev.cdcflow.iceberg.commit;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor that runs each task on the thread that submits it and is never shut down: for the work Iceberg would
 * otherwise hand to its shared worker pool, which a JVM shutdown hook stops while Connect is still closing tasks.
 */
final class OnCallerExecutor extends AbstractExecutorService {

    static final OnCallerExecutor INSTANCE = new OnCallerExecutor();

    private OnCallerExecutor() {
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
        // Shared and stateless: nothing to stop.
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
