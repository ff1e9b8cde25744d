package dev.cdcflow.s3.stage;

/**
 * The heap that open files' bytes take (their chunks, see {@link HeapChunks}), all partitions of a task together,
 * against one cap. Relief starts a reserve below the cap: bytes arrive a block at a time, and the block that crosses
 * the line must still fit.
 * Thread-safe: uploads release what they sent from their own threads.
 */
public final class MemoryBudget {

    private final long cap;
    private final long reserve;
    private long used;
    private long peak;

    /**
     * @param reserve the most one write adds (an Avro block, a Parquet page); the budget adds one heap chunk to it,
     *                as a write can start a chunk of which it fills a byte
     */
    public MemoryBudget(long cap, long reserve) {
        this.cap = cap;
        this.reserve = Math.min(reserve + HeapChunks.CHUNK, cap / 4);
    }

    synchronized void add(long bytes) {
        used += bytes;
        if (used > peak) {
            peak = used;
        }
    }

    synchronized void release(long bytes) {
        used -= bytes;
    }

    public synchronized long used() {
        return used;
    }

    /** The most ever used: what the cap is judged by. */
    public synchronized long peak() {
        return peak;
    }

    public long cap() {
        return cap;
    }

    /** Whether the next write might cross the cap. */
    public synchronized boolean exceeded() {
        return used + reserve > cap;
    }

    /** Where relief stops: well below the cap, so that the next few records do not trigger it again. */
    public synchronized boolean relieved() {
        return used <= cap * 3 / 4;
    }
}
