package dev.cdcflow.clickhouse.write;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The first and last offset, per partition, of the records taken since the last clear, and the timestamp of the last
 * one.
 */
final class OffsetRanges {

    /** Per partition: first offset, last offset, the last record's timestamp (-1 when it has none). */
    private final Map<TopicPartition, long[]> ranges = new HashMap<>();
    /** The partition of the previous record: records come in runs of one partition, so most skip the map. */
    private String lastTopic;
    private int lastPartition;
    private long[] lastRange;

    void add(SinkRecord record) {
        long offset = record.originalKafkaOffset();
        String topic = record.originalTopic();
        int partition = record.originalKafkaPartition();
        if (lastRange == null || partition != lastPartition || !topic.equals(lastTopic)) {
            lastRange = ranges.computeIfAbsent(new TopicPartition(topic, partition),
                    key -> new long[] {offset, offset, -1});
            lastTopic = topic;
            lastPartition = partition;
        }
        lastRange[0] = Math.min(lastRange[0], offset);
        if (offset >= lastRange[1]) {
            lastRange[1] = offset;
            lastRange[2] = record.timestamp() == null ? -1 : record.timestamp();
        }
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean containsAny(Collection<TopicPartition> partitions) {
        return partitions.stream().anyMatch(ranges::containsKey);
    }

    void clear() {
        ranges.clear();
        lastRange = null;
    }

    /** Per partition, the first offset taken: where to resume so that nothing taken is lost. */
    Map<TopicPartition, Long> first() {
        Map<TopicPartition, Long> first = new HashMap<>();
        ranges.forEach((partition, range) -> first.put(partition, range[0]));
        return first;
    }

    /** Per partition, the last offset taken and its record's timestamp. */
    Map<TopicPartition, OffsetStore.Stored> last() {
        Map<TopicPartition, OffsetStore.Stored> last = new HashMap<>();
        ranges.forEach((partition, range) -> last.put(partition, new OffsetStore.Stored(range[1], range[2])));
        return last;
    }
}
