package dev.cdcflow.iceberg;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Partitions waiting out a back-off after a failed write of their table, paused in Connect meanwhile, so that the task
 * goes on with the other tables instead of sleeping inside put. Each is resumed by the first put after its wait.
 */
final class PausedPartitions {

    /** Per paused partition, when (System.nanoTime) it may take records again. */
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();

    /** Pauses {@code partitions} for {@code waitMs}. */
    void pause(SinkTaskContext context, Collection<TopicPartition> partitions, long waitMs) {
        long due = System.nanoTime() + waitMs * 1_000_000L;
        partitions.forEach(partition -> resumeAt.put(partition, due));
        context.pause(partitions.toArray(TopicPartition[]::new));
    }

    /** Resumes the partitions whose wait is over. */
    void resumeDue(SinkTaskContext context) {
        if (resumeAt.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        TopicPartition[] due = resumeAt.entrySet().stream().filter(entry -> now - entry.getValue() >= 0)
                .map(Map.Entry::getKey).toArray(TopicPartition[]::new);
        if (due.length > 0) {
            context.resume(due);
            for (TopicPartition partition : due) {
                resumeAt.remove(partition);
            }
        }
    }

    boolean isEmpty() {
        return resumeAt.isEmpty();
    }

    /** Partitions the task gives up: their waits are over for this task. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(resumeAt::remove);
    }

    /**
     * Partitions given to the task start unpaused. Connect remembers what a task paused across a rebalance and pauses
     * a partition again when it is given back to the same task, after {@link #forget} dropped its wait: nothing would
     * ever resume it.
     */
    void opened(SinkTaskContext context, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            context.resume(partitions.toArray(TopicPartition[]::new));
        }
    }
}
