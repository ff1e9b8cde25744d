package dev.cdcflow.seeder;

/** Spaces transactions at a fixed rate from a start time; 0 means as fast as possible. Behind schedule, no waits. */
final class Pacer {

    private final double nanosPerTransaction;
    private final long startNanos;

    Pacer(double transactionsPerSecond, long startNanos) {
        this.nanosPerTransaction = transactionsPerSecond <= 0 ? 0 : 1_000_000_000.0 / transactionsPerSecond;
        this.startNanos = startNanos;
    }

    /** Nanoseconds until the {@code index}-th transaction since the start is due (0 or less: due now). */
    long nanosUntil(long index, long nowNanos) {
        return startNanos + (long) (index * nanosPerTransaction) - nowNanos;
    }
}
