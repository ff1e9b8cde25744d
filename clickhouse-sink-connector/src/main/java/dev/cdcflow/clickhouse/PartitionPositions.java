package dev.cdcflow.clickhouse;

import dev.cdcflow.clickhouse.write.OffsetStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *   <li>A partition positioned from a stored offset whose record's timestamp is known is <em>verified</em>: the
 *       consumer is sought to that record itself, and when it comes its timestamp must match. Another record there,
 *       or a record below it (the consumer fell back to the start of a shorter log), means the topic was deleted and
 *       created again (or truncated): the stored offset belongs to the old one, and the partition is read from its
 *       start instead of skipping the new topic's first records.</li>
 * </ul>
 * Offsets are the original Kafka ones ({@link SinkRecord#originalKafkaOffset()}), so topic-renaming SMTs do not
 * confuse them.
 */
final class PartitionPositions {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionPositions.class);

    /** Opened, not positioned yet; the value is where to resume if ClickHouse holds nothing of it (or null). */
    private final Map<TopicPartition, Long> unpositioned = new HashMap<>();
    /** A one-element array per partition, updated in place: taking a record allocates nothing. */
    private final Map<TopicPartition, long[]> next = new HashMap<>();
    private final Map<TopicPartition, Long> written = new HashMap<>();
    private final Set<TopicPartition> sought = new HashSet<>();
    /** Partitions whose stored record is still to be seen: the stored offset and timestamp. */
    private final Map<TopicPartition, OffsetStore.Stored> verifying = new HashMap<>();
    /** Seeks decided while records were admitted, for the task to hand to the consumer. */
    private final Map<TopicPartition, Long> pendingSeeks = new LinkedHashMap<>();
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
            verifying.remove(partition);
        }
    }

    void closed(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            unpositioned.remove(partition);
            next.remove(partition);
            written.remove(partition);
            sought.remove(partition);
            verifying.remove(partition);
            pendingSeeks.remove(partition);
        }
    }

    /**
     * A partition whose buffered records were dropped: it is positioned again from ClickHouse at the next put,
     * or, if ClickHouse holds nothing of it, at {@code firstDropped}.
     */
    void dropped(TopicPartition partition, long firstDropped) {
        unpositioned.put(partition, firstDropped);
        next.remove(partition);
        verifying.remove(partition);
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
     * the seeks to make. When the stored record's timestamp is known, the consumer goes to the stored record itself,
     * to verify that the topic is the one written (see {@link #admit}): the consumer's own position is no proof, as
     * a new topic of the same name may have reached it. Otherwise it goes to the record after it (no seek when the
     * put starts there).
     *
     * @param firstInPut per partition, the offset of its first record in the current put
     */
    Map<TopicPartition, Long> position(Map<TopicPartition, OffsetStore.Stored> lastStored,
                                       Map<TopicPartition, Long> firstInPut) {
        Map<TopicPartition, Long> seeks = new LinkedHashMap<>();
        unpositioned.forEach((partition, fallback) -> {
            OffsetStore.Stored stored = lastStored.get(partition);
            Long resume = stored != null ? Long.valueOf(stored.offset() + 1) : fallback;
            if (resume == null) {
                return;
            }
            Long first = firstInPut.get(partition);
            if (stored != null && stored.timestamp() >= 0) {
                verifying.put(partition, stored);
                resume = stored.offset();
            }
            next.put(partition, new long[] {resume});
            if (!resume.equals(first)) {
                seeks.put(partition, resume);
                sought.add(partition);
            }
        });
        unpositioned.clear();
        return seeks;
    }

    /**
     * Whether the record is to be taken ({@link #shouldTake}), after checking, for a partition being verified, that
     * its topic is the one whose offset is stored. The stored record itself (same offset and timestamp) is skipped;
     * another record at its offset means a new topic of the same name: the partition is sought to its start (see
     * {@link #takeSeeks()}); a record below it, arriving after the seek, means the consumer fell back to the start
     * of a shorter log, and is taken, as is one past it (the stored record is gone: retention or compaction).
     */
    boolean admit(SinkRecord record) {
        if (!verifying.isEmpty() && !sought.contains(partitionOf(record))) {
            TopicPartition partition = partitionOf(record);
            OffsetStore.Stored stored = verifying.remove(partition);
            if (stored != null) {
                long offset = record.originalKafkaOffset();
                long timestamp = record.timestamp() == null ? -1 : record.timestamp();
                if (offset == stored.offset() && timestamp == stored.timestamp()) {
                    next.get(partition)[0] = offset + 1;
                    return false;
                }
                if (offset == stored.offset()) {
                    LOG.warn("{} holds another record at offset {} than the one written there (timestamp {}, not {}):"
                            + " the topic was deleted and created again; reading it from its start", partition,
                            offset, timestamp, stored.timestamp());
                    next.get(partition)[0] = 0;
                    pendingSeeks.put(partition, 0L);
                    sought.add(partition);
                    return false;
                }
                if (offset < stored.offset()) {
                    LOG.warn("{} ends before offset {}, the last one written: the topic was deleted and created "
                            + "again, or truncated; reading it from offset {}", partition, stored.offset(), offset);
                } else {
                    LOG.info("{}: the record written last (offset {}) is gone (retention or compaction); reading on "
                            + "from offset {}", partition, stored.offset(), offset);
                }
                next.get(partition)[0] = offset;
            }
        }
        return shouldTake(record);
    }

    /** The seeks {@link #admit} decided, once. */
    Map<TopicPartition, Long> takeSeeks() {
        if (pendingSeeks.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> seeks = new LinkedHashMap<>(pendingSeeks);
        pendingSeeks.clear();
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
