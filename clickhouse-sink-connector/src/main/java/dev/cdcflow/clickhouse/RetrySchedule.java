package dev.cdcflow.clickhouse;

import dev.cdcflow.common.Backoff;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * When to try ClickHouse again after a transient failure, and when to give up: after retry.max.attempts failures
 * in a row (0: never). The wait starts at retry.backoff.ms and doubles with each failure in a row, up to
 * {@value #MAX_DOUBLINGS_FACTOR} times it (connect-common's {@link Backoff}, as every plugin waits).
 */
final class RetrySchedule {

    /** The longest wait, as a multiple of the first. */
    static final int MAX_DOUBLINGS_FACTOR = 16;

    private final Backoff backoff;
    private final int maxAttempts;
    private int failuresInARow;
    /** System.nanoTime() at which the next attempt is due; meaningful while {@link #waiting()}. */
    private long retryAt;
    private boolean waiting;

    RetrySchedule(long backoffMs, int maxAttempts) {
        this.backoff = new Backoff(Duration.ofMillis(backoffMs), Duration.ofMillis(backoffMs * MAX_DOUBLINGS_FACTOR));
        this.maxAttempts = maxAttempts;
    }

    /**
     * Counts a failure and starts the wait before the next attempt; returns the wait in milliseconds.
     *
     * @throws ConnectException once the attempts are used up
     */
    long failed(RetriableException failure) {
        failuresInARow++;
        if (maxAttempts > 0 && failuresInARow > maxAttempts) {
            throw new ConnectException("Writing to ClickHouse failed " + failuresInARow + " times in a row ("
                    + ClickHouseSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG + "=" + maxAttempts + "): "
                    + failure.getMessage(), failure);
        }
        waiting = true;
        long waitMs = backoff.nextMs();
        retryAt = System.nanoTime() + waitMs * 1_000_000L;
        return waitMs;
    }

    /** ClickHouse did what was asked: the count of failures in a row and the wait start again. */
    void succeeded() {
        failuresInARow = 0;
        waiting = false;
        backoff.reset();
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
}
