package dev.cdcflow.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka offsets a stage table holds, kept in its snapshots' summaries: each commit of a task records, under
 * {@code cdcflow.offsets.<connector>}, the next offset of every partition whose records it added. A partition's
 * committed offset is the one in the newest snapshot that names it, found by walking the table's ancestry, so
 * commits of other writers (compaction, other connectors) in between change nothing.
 */
final class CommittedOffsets {

    static final String SUMMARY_PREFIX = "cdcflow.offsets.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Long>> OFFSETS = new TypeReference<>() {
    };

    private CommittedOffsets() {
    }

    /** The summary entry for a commit: the next offset of each partition it covers. */
    static Map.Entry<String, String> summaryEntry(String connector, Map<TopicPartition, Long> nextOffsets) {
        Map<String, Long> encoded = new TreeMap<>();
        nextOffsets.forEach((partition, offset) -> encoded.put(partition.topic() + "/" + partition.partition(),
                offset));
        try {
            return Map.entry(SUMMARY_PREFIX + connector, JSON.writeValueAsString(encoded));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed next offset of each of {@code partitions} the table holds (absent: none committed yet). */
    static Map<TopicPartition, Long> read(Table table, String connector, Collection<TopicPartition> partitions) {
        return find(SnapshotUtil.currentAncestors(table), connector, partitions);
    }

    /**
     * Refuses a commit when, in the table it would go on top of, any of its partitions already holds records at or
     * after the first offset the commit adds: another task (a zombie's successor, or this task before a restart) got
     * there first, and committing would duplicate rows. Iceberg runs it on every attempt, after each refresh.
     */
    static SnapshotAncestryValidator validator(String connector, Map<TopicPartition, Long> firstOffsets) {
        return new SnapshotAncestryValidator() {
            @Override
            public boolean validate(Iterable<Snapshot> baseSnapshots) {
                Map<TopicPartition, Long> committed = find(baseSnapshots, connector, firstOffsets.keySet());
                return firstOffsets.entrySet().stream().allMatch(first ->
                        committed.getOrDefault(first.getKey(), Long.MIN_VALUE) <= first.getValue());
            }

            @Override
            public String errorMessage() {
                return "Records of " + firstOffsets.keySet() + " from offsets " + firstOffsets.values()
                        + " were committed meanwhile by another writer of connector " + connector;
            }
        };
    }

    private static Map<TopicPartition, Long> find(Iterable<Snapshot> newestFirst, String connector,
                                                  Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> found = new HashMap<>();
        String key = SUMMARY_PREFIX + connector;
        for (Snapshot snapshot : newestFirst) {
            String value = snapshot.summary() == null ? null : snapshot.summary().get(key);
            if (value != null) {
                decode(value).forEach((partition, offset) -> {
                    if (partitions.contains(partition)) {
                        found.putIfAbsent(partition, offset);
                    }
                });
                if (found.size() == partitions.size()) {
                    break;
                }
            }
        }
        return found;
    }

    private static Map<TopicPartition, Long> decode(String value) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            JSON.readValue(value, OFFSETS).forEach((name, offset) -> {
                int slash = name.lastIndexOf('/');
                offsets.put(new TopicPartition(name.substring(0, slash),
                        Integer.parseInt(name.substring(slash + 1))), offset);
            });
            return offsets;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable offsets in a snapshot summary: " + value, e);
        }
    }
}
