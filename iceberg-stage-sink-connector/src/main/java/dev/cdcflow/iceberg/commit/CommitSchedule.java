package dev.cdcflow.iceberg.commit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.kafka.common.TopicPartition;

/**
 * When a task commits, and what it still has to: the batches completed and not committed yet (a commit failed, or
 * its outcome is unknown), kept in order and given again before anything new is taken; the next regular commit once
 * per interval, or sooner when the open files reach the task's heap cap.
 */
public final class CommitSchedule {

    /** What the task learns from each commit. */
    public interface Listener {
        /** Where the task last saw the table stand in {@code partitions}: what the commit expects to find. */
        Map<TopicPartition, Position> expected(String table, Set<TopicPartition> partitions);

        void committed(String table, Batch batch);

        /** The table refused the batch: it stands at {@code now} in the batch's partitions. */
        void refused(String table, Batch batch, Map<TopicPartition, Position> now);
    }

    private final TableCommitter committer;
    private final long intervalMs;
    private final long maxBufferedBytes;
    private final Map<String, Batch> pending = new LinkedHashMap<>();
    private long lastCommitMs;

    public CommitSchedule(TableCommitter committer, long intervalMs, long maxBufferedBytes, long nowMs) {
        this.committer = committer;
        this.intervalMs = intervalMs;
        this.maxBufferedBytes = maxBufferedBytes;
        this.lastCommitMs = nowMs;
    }

    /**
     * Whether to commit now: a batch is pending, the interval is over, or the open files hold as many bytes as the
     * heap cap allows ({@code bufferedBytes}, their estimate).
     */
    public boolean due(long nowMs, long bufferedBytes) {
        return !pending.isEmpty() || nowMs - lastCommitMs >= intervalMs || bufferedBytes >= maxBufferedBytes;
    }

    /** Whether the open files hold as many bytes as the heap cap allows. */
    public boolean full(long bufferedBytes) {
        return bufferedBytes >= maxBufferedBytes;
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** A batch to commit to {@code table}, after those pending before it; the interval starts again. */
    public void add(String table, Batch batch, long nowMs) {
        pending.put(table, batch);
        lastCommitMs = nowMs;
    }

    /** The interval starts again (the buffers were committed, or had nothing). */
    public void restart(long nowMs) {
        lastCommitMs = nowMs;
    }

    /**
     * Commits the pending batches in order, telling {@code listener} what became of each. Stops at the first commit
     * that fails or whose outcome is unknown and throws its failure; that batch and the ones after it stay pending.
     */
    public void commitPending(Function<String, Table> tables, Listener listener) {
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Batch> entry = it.next();
            String table = entry.getKey();
            Batch batch = entry.getValue();
            TableCommitter.Outcome outcome = committer.commit(tables.apply(table), batch,
                    listener.expected(table, batch.ends().keySet()));
            if (outcome instanceof TableCommitter.Outcome.Refused refused) {
                listener.refused(table, batch, refused.positions());
            } else {
                listener.committed(table, batch);
            }
            it.remove();
        }
    }

    /** Per partition, the first offset in a pending batch. */
    public Map<TopicPartition, Long> firstOffsets() {
        Map<TopicPartition, Long> first = new HashMap<>();
        pending.values().forEach(batch -> batch.firstOffsets().forEach((partition, offset) ->
                first.merge(partition, offset, Math::min)));
        return first;
    }

    /** Forgets the pending batches (their outcome stays unknown: the tables are read again). */
    public void clear() {
        pending.clear();
    }
}
