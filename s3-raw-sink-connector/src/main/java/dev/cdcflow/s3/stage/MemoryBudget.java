package dev.cdcflow.s3.stage;

/**
 * The bytes of open files held on the heap, all partitions of a task together, against one cap. Relief starts a
 * reserve below the cap: bytes arrive a block at a time, and the block that crosses the line must still fit.
 */
public final class MemoryBudget {

    private final long cap;
    private final long reserve;
    private volatile long used;
    private volatile long peak;

    /** @param reserve the most one write adds (an Avro block, a Parquet page) */
    public MemoryBudget(long cap, long reserve) {
        this.cap = cap;
        this.reserve = Math.min(reserve, cap / 4);
    }

    void add(long bytes) {
        used += bytes;
        if (used > peak) {
            peak = used;
        }
    }

    void release(long bytes) {
        used -= bytes;
    }

    public long used() {
        return used;
    }

    /** The most ever used: what the cap is judged by. */
    public long peak() {
        return peak;
    }

    public long cap() {
        return cap;
    }

    /** Whether the next write might cross the cap. */
    public boolean exceeded() {
        return used + reserve > cap;
    }

    /** Where relief stops: well below the cap, so that the next few records do not trigger it again. */
    public boolean relieved() {
        return used <= cap * 3 / 4;
    }
}
