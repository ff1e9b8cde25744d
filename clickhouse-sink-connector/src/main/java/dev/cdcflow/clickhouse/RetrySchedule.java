package dev.cdcflow.clickhouse;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * When to try ClickHouse again after a transient failure, and when to give up: after retry.max.attempts failures
 * in a row (0: never).
 */
final class RetrySchedule {

    private final long backoffMs;
    private final int maxAttempts;
    private int failuresInARow;
    /** System.nanoTime() at which the next attempt is due; meaningful while {@link #waiting()}. */
    private long retryAt;
    private boolean waiting;

    RetrySchedule(long backoffMs, int maxAttempts) {
        this.backoffMs = backoffMs;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Counts a failure and starts the wait before the next attempt.
     *
     * @throws ConnectException once the attempts are used up
     */
    void failed(RetriableException failure) {
        failuresInARow++;
        if (maxAttempts > 0 && failuresInARow > maxAttempts) {
            throw new ConnectException("Writing to ClickHouse failed " + failuresInARow + " times in a row ("
                    + ClickHouseSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG + "=" + maxAttempts + "): "
                    + failure.getMessage(), failure);
        }
        waiting = true;
        retryAt = System.nanoTime() + backoffMs * 1_000_000L;
    }

    /** ClickHouse did what was asked: the count of failures in a row starts again. */
    void succeeded() {
        failuresInARow = 0;
        waiting = false;
    }

    /** The wait is over and there was nothing to retry: the next attempt shows whether ClickHouse is back. */
    void resumed() {
        waiting = false;
    }

    /** Whether a failure is waiting to be retried. */
    boolean waiting() {
        return waiting;
    }

    /** Whether the wait is over (true when not waiting). */
    boolean due() {
        return !waiting || System.nanoTime() - retryAt >= 0;
    }

    /** Milliseconds left to wait (0 when due). */
    long remainingMs() {
        return waiting ? Math.max(0, (retryAt - System.nanoTime()) / 1_000_000L) : 0;
    }

    long backoffMs() {
        return backoffMs;
    }
}
