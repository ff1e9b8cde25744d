package dev.cdcflow.common;

import java.time.Duration;

/**
 * The wait before trying again after a failure that can pass (a server away): the first wait, doubled after each
 * further failure in a row up to a cap, and the first again after a success. One policy for every plugin, so an
 * outage neither floods a server with tries nor leaves a plugin asleep long after it is back.
 */
public final class Backoff {

    private final long firstMs;
    private final long maxMs;
    private long nextMs;

    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("A back-off needs 0 <= first <= max, not " + first + " and " + max);
        }
        this.firstMs = first.toMillis();
        this.maxMs = max.toMillis();
        this.nextMs = firstMs;
    }

    /** The wait before the next try; the one after it is twice as long, up to the cap. */
    public long nextMs() {
        long wait = nextMs;
        nextMs = Math.min(2 * Math.max(nextMs, 1), maxMs);
        return wait;
    }

    /** A success: the next failure waits the first wait again. */
    public void reset() {
        nextMs = firstMs;
    }
}
