package dev.cdcflow.clickhouse;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where each partition assigned to the task stands, so that no record is skipped and none is counted as written
 * before it is:
 * <ul>
 *   <li>A partition just opened is <em>unpositioned</em> until the task has read from ClickHouse what it holds of
 *       it; the consumer is then sought to the offset after that.</li>
 *   <li>A positioned partition has a <em>next</em> offset: a record below it was taken already (the consumer
 *       delivered it again), so it is skipped.</li>
 *   <li>A partition sought during a put is <em>sought</em> until the next put: the rest of its records in this put
 *       predate the seek and come again after it. Seeks are only made inside {@code put}, so the next put's records
 *       are all read after the seek.</li>
 *   <li>The <em>written</em> offset is the last one durably in ClickHouse; the offsets Connect may commit never go
 *       past the first record that is not.</li>
 * </ul>
 * Offsets are the original Kafka ones ({@link SinkRecord#originalKafkaOffset()}), so topic-renaming SMTs do not
 * confuse them.
 */
final class PartitionPositions {

    /** Opened, not positioned yet; the value is where to resume if ClickHouse holds nothing of it (or null). */
    private final Map<TopicPartition, Long> unpositioned = new HashMap<>();
    /** A one-element array per partition, updated in place: taking a record allocates nothing. */
    private final Map<TopicPartition, long[]> next = new HashMap<>();
    private final Map<TopicPartition, Long> written = new HashMap<>();
    private final Set<TopicPartition> sought = new HashSet<>();
    /** The partition of the previous record: records come in runs of one partition. */
    private String lastTopic;
    private int lastPartition = -1;
    private TopicPartition lastKey;

    static TopicPartition partitionOf(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    void opened(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            unpositioned.put(partition, null);
            next.remove(partition);
            written.remove(partition);
        }
    }

    void closed(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            unpositioned.remove(partition);
            next.remove(partition);
            written.remove(partition);
            sought.remove(partition);
        }
    }

    /**
     * A partition whose buffered records were dropped: it is positioned again from ClickHouse at the next put,
     * or, if ClickHouse holds nothing of it, at {@code firstDropped}.
     */
    void dropped(TopicPartition partition, long firstDropped) {
        unpositioned.put(partition, firstDropped);
        next.remove(partition);
    }

    /** Called at the start of every put: seeks made in the previous put have been applied by the consumer. */
    void beginPut() {
        sought.clear();
    }

    boolean anyUnpositioned() {
        return !unpositioned.isEmpty();
    }

    /**
     * Positions every unpositioned partition from what ClickHouse holds ({@code lastStored}, inclusive) and returns
     * the seeks to make. A partition whose first record in this put is the one after the stored offset needs none.
     *
     * @param firstInPut per partition, the offset of its first record in the current put
     */
    Map<TopicPartition, Long> position(Map<TopicPartition, Long> lastStored, Map<TopicPartition, Long> firstInPut) {
        Map<TopicPartition, Long> seeks = new LinkedHashMap<>();
        unpositioned.forEach((partition, fallback) -> {
            Long stored = lastStored.get(partition);
            Long resume = stored != null ? Long.valueOf(stored + 1) : fallback;
            if (resume == null) {
                return;
            }
            next.put(partition, new long[] {resume});
            if (!resume.equals(firstInPut.get(partition))) {
                seeks.put(partition, resume);
                sought.add(partition);
            }
        });
        unpositioned.clear();
        return seeks;
    }

    /** Whether the record is to be taken: not a repeat of one taken already, and not read before a seek. */
    boolean shouldTake(SinkRecord record) {
        TopicPartition partition = keyOf(record);
        if (!sought.isEmpty() && sought.contains(partition)) {
            return false;
        }
        long[] expected = next.get(partition);
        return expected == null || record.originalKafkaOffset() >= expected[0];
    }

    void took(SinkRecord record) {
        TopicPartition partition = keyOf(record);
        long[] expected = next.get(partition);
        if (expected == null) {
            next.put(partition, new long[] {record.originalKafkaOffset() + 1});
        } else {
            expected[0] = record.originalKafkaOffset() + 1;
        }
    }

    /**
     * The record could not be taken: the consumer goes back to it, and the rest of its partition's records in this
     * put are skipped. An unpositioned partition goes back to where it would have been positioned, if that is
     * known, since records before this one may not be written.
     *
     * @return the offset to seek to
     */
    long rewind(SinkRecord record) {
        TopicPartition partition = partitionOf(record);
        Long fallback = unpositioned.get(partition);
        long offset = fallback != null ? fallback : record.originalKafkaOffset();
        sought.add(partition);
        if (!unpositioned.containsKey(partition)) {
            next.put(partition, new long[] {offset});
        }
        return offset;
    }

    /** The record's partition, made once per run of records of one partition. */
    private TopicPartition keyOf(SinkRecord record) {
        String topic = record.originalTopic();
        int partition = record.originalKafkaPartition();
        if (partition != lastPartition || !topic.equals(lastTopic)) {
            lastKey = new TopicPartition(topic, partition);
            lastTopic = topic;
            lastPartition = partition;
        }
        return lastKey;
    }

    /** Records that everything up to {@code lastWritten} (inclusive, per partition) is in ClickHouse. */
    void written(Map<TopicPartition, Long> lastWritten) {
        lastWritten.forEach((partition, offset) -> {
            if (next.containsKey(partition) || unpositioned.containsKey(partition)) {
                written.merge(partition, offset, Math::max);
            }
        });
    }

    /**
     * The offsets Connect may commit: per partition, the first one not durably written. Where records are buffered,
     * the first of them. Otherwise Connect's own position, when no seek of the partition is pending: every record
     * Connect delivered was then written, or never reached the sink (a tombstone or a row a transform dropped), so a
     * partition whose last records were such reaches its end. Else the one after the last written. A partition not
     * positioned yet is left out.
     *
     * @param firstBuffered per partition, the first offset taken but not written yet
     * @param delivered     Connect's current offsets: per partition, the one after the last record it delivered
     */
    Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, Long> firstBuffered,
                                                      Map<TopicPartition, OffsetAndMetadata> delivered) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : next.keySet()) {
            Long buffered = firstBuffered.get(partition);
            Long lastWritten = written.get(partition);
            OffsetAndMetadata connectPosition = delivered.get(partition);
            if (buffered != null) {
                offsets.put(partition, new OffsetAndMetadata(buffered));
            } else if (connectPosition != null && !sought.contains(partition)
                    && (lastWritten == null || connectPosition.offset() > lastWritten)) {
                offsets.put(partition, new OffsetAndMetadata(connectPosition.offset()));
            } else if (lastWritten != null) {
                offsets.put(partition, new OffsetAndMetadata(lastWritten + 1));
            }
        }
        return offsets;
    }
}
