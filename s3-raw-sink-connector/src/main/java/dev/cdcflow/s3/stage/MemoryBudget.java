package dev.cdcflow.s3.stage;

/** The bytes of open files held on the heap, all partitions of a task together, against one cap. */
public final class MemoryBudget {

    private final long cap;
    private volatile long used;
    private volatile long peak;

    public MemoryBudget(long cap) {
        this.cap = cap;
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

    public boolean exceeded() {
        return used > cap;
    }

    /** Where relief stops: well below the cap, so that the next few records do not trigger it again. */
    public boolean relieved() {
        return used <= cap * 3 / 4;
    }
}
