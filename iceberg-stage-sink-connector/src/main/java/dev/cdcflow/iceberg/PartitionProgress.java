package dev.cdcflow.iceberg;

import dev.cdcflow.iceberg.commit.Batch;
import dev.cdcflow.iceberg.commit.Position;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each Kafka partition given to the task stands, per stage table, so that no record is skipped and none is
 * taken twice. Partitions are the ones Connect read the records from (original coordinates), whatever an SMT
 * renamed; the records of one partition may go to several tables (an SMT that routes by content), each with its own
 * position.
 * <ul>
 *   <li>A partition just opened is <em>unread</em> until the task has read where each stage table stands in it.</li>
 *   <li>Per table and partition, the <em>stored</em> position is where the table stands as far as the task knows
 *       (what a commit expects to find), and <em>taken</em> the next offset the table needs: a record below it is
 *       in the table or in its buffer already (Connect delivered it again: a rewind, or a consumer group behind the
 *       table), and is skipped.</li>
 *   <li>The first record of a partition is <em>checked</em> against the table that stands furthest in it: the
 *       consumer is sought to the last record that table holds, whose timestamp must match. Another record there,
 *       or a record below it (the consumer fell back to the start of a shorter log), means the topic was deleted and
 *       created again: the tables' positions belong to the old one, and the partition is read from its start. Then
 *       the consumer goes back to where it first was.</li>
 *   <li>A partition sought during a put is <em>sought</em> until the next put: its remaining records in this put
 *       predate the seek, and come again after it.</li>
 * </ul>
 */
final class PartitionProgress {

    /** What to do with a record. */
    enum Decision {
        /** Take it: write it (or, with no table, reject it). */
        TAKE,
        /** Pass over it: it is taken already, or comes again after a seek. */
        SKIP
    }

    private static final Logger LOG = LoggerFactory.getLogger(PartitionProgress.class);

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Map<TopicPartition, Long> seeks = new LinkedHashMap<>();

    private static final class PartitionState {
        boolean read;
        final Map<String, Position> stored = new HashMap<>();
        final Map<String, Long> taken = new HashMap<>();
        /** The next offset after the last record that had no stage table (rejected), -1 before any. */
        long rejectedThrough = -1;
        TopicCheck check;
        boolean sought;
    }

    /** The record to find at {@code offset} with {@code timestamp}; {@code returnTo} once the consumer went there. */
    private static final class TopicCheck {
        final long offset;
        final long timestamp;
        Long returnTo;

        TopicCheck(long offset, long timestamp) {
            this.offset = offset;
            this.timestamp = timestamp;
        }
    }

    void opened(Collection<TopicPartition> opened) {
        opened.forEach(partition -> partitions.put(partition, new PartitionState()));
    }

    void closed(Collection<TopicPartition> closed) {
        closed.forEach(partition -> {
            partitions.remove(partition);
            seeks.remove(partition);
        });
    }

    boolean owns(TopicPartition partition) {
        return partitions.containsKey(partition);
    }

    /** The partitions whose positions are still to be read from the tables. */
    Set<TopicPartition> unread() {
        Set<TopicPartition> unread = new HashSet<>();
        partitions.forEach((partition, state) -> {
            if (!state.read) {
                unread.add(partition);
            }
        });
        return unread;
    }

    /** Where each table stands in {@code partition} (tables that hold nothing of it absent). */
    void read(TopicPartition partition, Map<String, Position> byTable) {
        PartitionState state = partitions.get(partition);
        state.stored.clear();
        state.taken.clear();
        state.stored.putAll(byTable);
        byTable.forEach((table, position) -> state.taken.put(table, position.next()));
        state.check = byTable.values().stream().filter(Position::hasTimestamp)
                .max((a, b) -> Long.compare(a.next(), b.next()))
                .map(furthest -> new TopicCheck(furthest.next() - 1, furthest.lastTimestamp())).orElse(null);
        state.read = true;
    }

    /** Called at the start of every put: the seeks of the previous one have been made. */
    void beginPut() {
        partitions.values().forEach(state -> state.sought = false);
    }

    /**
     * Whether to take a record of {@code partition} at {@code offset} for {@code table} (null: no stage table). The
     * partition must have been read.
     */
    Decision admit(TopicPartition partition, String table, long offset, long timestamp) {
        PartitionState state = partitions.get(partition);
        if (state.sought) {
            return Decision.SKIP;
        }
        if (state.check != null && !checked(partition, state, offset, timestamp)) {
            return Decision.SKIP;
        }
        if (table == null) {
            return offset >= state.rejectedThrough ? Decision.TAKE : Decision.SKIP;
        }
        return offset >= state.taken.getOrDefault(table, 0L) ? Decision.TAKE : Decision.SKIP;
    }

    /**
     * Runs the partition's topic check with the record just delivered; false when the record is to be skipped (the
     * consumer was sought).
     */
    private boolean checked(TopicPartition partition, PartitionState state, long offset, long timestamp) {
        TopicCheck check = state.check;
        boolean found = offset == check.offset && timestamp == check.timestamp;
        if (check.returnTo == null) {
            if (found) {
                state.check = null;
                return true;
            }
            check.returnTo = offset;
            seek(partition, state, check.offset);
            return false;
        }
        state.check = null;
        if (found || offset > check.offset) {
            if (!found) {
                LOG.info("{}: the record the stage tables hold last (offset {}) is gone (retention or compaction); "
                        + "the topic is taken as the one written", partition, check.offset);
            }
            if (check.returnTo == offset) {
                return true;
            }
            if (check.returnTo != offset + 1) {
                seek(partition, state, check.returnTo);
            }
            return false;
        }
        LOG.warn("{} holds {} than the stage tables wrote (offset {}, timestamp {}): the topic was deleted and "
                + "created again; reading it from its start", partition, offset == check.offset
                ? "another record at offset " + offset + " (timestamp " + timestamp + ")"
                : "no record up to offset " + check.offset, check.offset, check.timestamp);
        state.taken.clear();
        state.rejectedThrough = -1;
        if (offset == check.offset) {
            seek(partition, state, 0);
            return false;
        }
        // The consumer fell back to the start of the new, shorter log: this is its first record.
        return true;
    }

    /** A record was taken into {@code table}'s buffer (written, or passed over with its offset kept). */
    void took(TopicPartition partition, String table, long offset) {
        partitions.get(partition).taken.put(table, offset + 1);
    }

    /** A record with no stage table was rejected. */
    void rejected(TopicPartition partition, long offset) {
        partitions.get(partition).rejectedThrough = offset + 1;
    }

    /** Where {@code table} stands in the partitions of a batch being committed: what the commit expects. */
    Map<TopicPartition, Position> stored(String table, Collection<TopicPartition> batchPartitions) {
        Map<TopicPartition, Position> expected = new HashMap<>();
        batchPartitions.forEach(partition -> {
            PartitionState state = partitions.get(partition);
            Position position = state == null ? null : state.stored.get(table);
            if (position != null) {
                expected.put(partition, position);
            }
        });
        return expected;
    }

    /** The table holds the batch. */
    void committed(String table, Batch batch) {
        batch.ends().forEach((partition, end) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                state.stored.put(table, end);
            }
        });
    }

    /**
     * The table refused the batch: it stands at {@code now} in the batch's partitions (another writer moved it).
     * Each partition whose records the table still needs is sought back to the first of them.
     */
    void refused(String table, Batch batch, Map<TopicPartition, Position> now) {
        batch.ends().forEach((partition, end) -> {
            PartitionState state = partitions.get(partition);
            if (state == null) {
                return;
            }
            Position position = now.get(partition);
            if (position == null) {
                state.stored.remove(table);
            } else {
                state.stored.put(table, position);
            }
            long needed = position == null ? batch.firstOffsets().get(partition) : position.next();
            state.taken.put(table, needed);
            if (needed < end.next()) {
                seek(partition, state, needed);
            }
        });
    }

    /** A table's buffer was dropped (its files could not be written): its partitions are read again from there. */
    void dropped(String table, Map<TopicPartition, Long> firstDropped) {
        firstDropped.forEach((partition, first) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                state.taken.put(table, first);
                seek(partition, state, first);
            }
        });
    }

    /** The records of a put were not taken: each partition is sought back to its first record in the put. */
    void handedBack(Map<TopicPartition, Long> firstInPut) {
        firstInPut.forEach((partition, first) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                seek(partition, state, first);
            }
        });
    }

    /**
     * Buffers or commits of unknown outcome were dropped: each partition the task keeps is sought back to the first
     * record dropped and read again from the tables at the next put.
     */
    void lost(Map<TopicPartition, Long> firstDropped) {
        firstDropped.forEach((partition, first) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                seek(partition, state, first);
                state.read = false;
            }
        });
    }

    /** The seeks decided since the last call, for Connect; only ever of partitions the task owns. */
    Map<TopicPartition, Long> takeSeeks() {
        Map<TopicPartition, Long> taken = new LinkedHashMap<>(seeks);
        seeks.clear();
        return taken;
    }

    /**
     * The offsets Connect may commit: per partition, the first record not committed to its table where a buffer
     * or a pending commit holds one; else Connect's own position (everything it delivered is in a table, or was
     * rejected or passed over). A partition not read yet, being checked, or sought in this put is left out.
     *
     * @param firstUncommitted per partition, the first offset in a buffer or a pending commit
     * @param delivered        Connect's current offsets: per partition, the one after the last record delivered
     */
    Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, Long> firstUncommitted,
                                                      Map<TopicPartition, OffsetAndMetadata> delivered) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, state) -> {
            if (!state.read || state.check != null || state.sought || seeks.containsKey(partition)) {
                return;
            }
            Long first = firstUncommitted.get(partition);
            OffsetAndMetadata position = delivered.get(partition);
            if (first != null) {
                offsets.put(partition, new OffsetAndMetadata(first));
            } else if (position != null) {
                offsets.put(partition, position);
            }
        });
        return offsets;
    }

    private void seek(TopicPartition partition, PartitionState state, long offset) {
        seeks.put(partition, offset);
        state.sought = true;
    }
}
