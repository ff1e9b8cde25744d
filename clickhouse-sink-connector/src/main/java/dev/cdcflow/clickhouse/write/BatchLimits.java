package dev.cdcflow.clickhouse.write;

import java.util.concurrent.TimeUnit;

/** When buffered rows are written: rows of one table, bytes of all tables, or the wait of the oldest record. */
record BatchLimits(int maxRows, long maxBytes, long maxWaitMs) {

    long maxWaitNanos() {
        return TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    }
}
