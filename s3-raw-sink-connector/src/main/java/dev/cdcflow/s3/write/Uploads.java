package dev.cdcflow.s3.write;

import dev.cdcflow.s3.format.ObjectWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Uploads the files of closed batches on a few threads of their own, so that the task goes on encoding while S3
 * receives. The task thread never touches a file again once it is handed over; it only asks whether a batch is done.
 */
final class Uploads implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService threads;
    private final Map<PartitionBatch, List<Future<Boolean>>> inFlight = new IdentityHashMap<>();

    Uploads(int threadCount) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threadCount, task -> {
            Thread upload = new Thread(task, "s3-upload-" + pool + "-" + thread.incrementAndGet());
            upload.setDaemon(true);
            return upload;
        });
    }

    /** Starts uploading the batch's files (again, after a failure). */
    void submit(PartitionBatch batch) {
        List<Future<Boolean>> futures = new ArrayList<>();
        for (ObjectWriter file : batch.files()) {
            futures.add(threads.submit(file::upload));
        }
        inFlight.put(batch, futures);
    }

    boolean submitted(PartitionBatch batch) {
        return inFlight.containsKey(batch);
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    /**
     * Whether every file of the batch is in S3; {@code -1} while some are still going, else the objects this batch
     * completed. A failed upload is rethrown (the batch can then be submitted again: finished files stay done).
     */
    int finished(PartitionBatch batch) {
        List<Future<Boolean>> futures = inFlight.get(batch);
        for (Future<Boolean> future : futures) {
            if (!future.isDone()) {
                return -1;
            }
        }
        inFlight.remove(batch);
        int completed = 0;
        for (Future<Boolean> future : futures) {
            if (outcome(future)) {
                completed++;
            }
        }
        return completed;
    }

    /** Waits for the oldest upload still going (any will do): memory comes back as it finishes. */
    void awaitOne() {
        for (List<Future<Boolean>> futures : inFlight.values()) {
            for (Future<Boolean> future : futures) {
                if (!future.isDone()) {
                    awaitQuietly(future);
                    return;
                }
            }
        }
    }

    /** Waits until the batch's uploads stopped, whatever their outcome (before its files are dropped). */
    void forget(PartitionBatch batch) {
        List<Future<Boolean>> futures = inFlight.remove(batch);
        if (futures != null) {
            futures.forEach(Uploads::awaitQuietly);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private static boolean outcome(Future<Boolean> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ConnectException("Upload failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted waiting for an upload", e);
        }
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException failed) {
            // Seen and handled where the batch's outcome is read.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
