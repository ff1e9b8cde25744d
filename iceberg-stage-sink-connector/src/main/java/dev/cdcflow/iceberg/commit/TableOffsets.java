package dev.cdcflow.iceberg.commit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a stage table stands in each Kafka partition, for one connector. Kept in the table's properties, one per
 * partition ({@code cdcflow.offset.<connector>/<topic>/<partition>}), set in the same transaction as the data files
 * they cover: properties outlive snapshot expiry and compaction, which a snapshot's summary does not. Each commit's
 * snapshot also names, in its summary ({@code cdcflow.offsets.<connector>}), the partitions it moved: the ancestry
 * validator reads those, and tables written by earlier builds hold their positions there alone (read where the
 * properties have none).
 *
 * <p>Partitions are the ones Connect read the records from, before any SMT renamed them.
 */
public final class TableOffsets {

    static final String PROPERTY_PREFIX = "cdcflow.offset.";
    static final String SUMMARY_PREFIX = "cdcflow.offsets.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Long>> SUMMARY_OFFSETS = new TypeReference<>() {
    };

    private TableOffsets() {
    }

    /**
     * The position of every partition the table holds for {@code connector}. The snapshots are read only on a table
     * an earlier build wrote, until every partition they name has its position in a property (see {@link #set}).
     */
    public static Map<TopicPartition, Position> read(Table table, String connector) {
        Map<TopicPartition, Position> positions = new HashMap<>();
        String prefix = PROPERTY_PREFIX + connector + "/";
        table.properties().forEach((key, value) -> {
            // Past the prefix, exactly one slash: a longer connector name sharing the prefix has more.
            if (key.startsWith(prefix) && key.indexOf('/', prefix.length()) == key.lastIndexOf('/')) {
                positions.put(partition(key.substring(prefix.length())), Position.decode(value));
            }
        });
        if (table.properties().containsKey(marker(connector))) {
            return positions;
        }
        String summaryKey = SUMMARY_PREFIX + connector;
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
            String value = snapshot.summary() == null ? null : snapshot.summary().get(summaryKey);
            if (value != null) {
                decodeSummary(value).forEach((partition, next) -> positions.putIfAbsent(partition,
                        Position.at(next)));
            }
        }
        return positions;
    }

    /**
     * The property update that records {@code positions} (in the commit's transaction); {@code held} is every
     * position the table held before. Once every partition the table holds has its position in a property, the
     * table is marked so that its snapshots are not read again. Only the partitions of {@code positions} are set:
     * another task's, set from an older read, could undo that task's commit.
     */
    static void set(Table table, UpdateProperties update, String connector, Map<TopicPartition, Position> positions,
                    Map<TopicPartition, Position> held) {
        positions.forEach((partition, position) -> update.set(key(connector, partition), position.encode()));
        boolean allInProperties = held.keySet().stream().allMatch(partition -> positions.containsKey(partition)
                || table.properties().containsKey(key(connector, partition)));
        if (allInProperties) {
            update.set(marker(connector), "all positions in properties");
        }
    }

    /**
     * Sets the positions of {@code offsets} as Connect's REST API asks (a null offset: from the start), so that the
     * tasks resume there and not where the table stood.
     */
    public static void replace(Table table, String connector, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Position> positions = new HashMap<>();
        offsets.forEach((partition, next) -> positions.put(partition, Position.at(next == null ? 0 : next)));
        UpdateProperties update = table.updateProperties();
        set(table, update, connector, positions, read(table, connector));
        update.commit();
    }

    /** The summary entry of a commit: the next offset of each partition it moves. */
    static Map.Entry<String, String> summaryEntry(String connector, Map<TopicPartition, Position> positions) {
        Map<String, Long> encoded = new TreeMap<>();
        positions.forEach((partition, position) -> encoded.put(partition.topic() + "/" + partition.partition(),
                position.next()));
        try {
            return Map.entry(SUMMARY_PREFIX + connector, JSON.writeValueAsString(encoded));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses a commit when a snapshot added after {@code sinceSnapshotId} (the table's state the commit was checked
     * against; null for an empty table) moved any of {@code partitions} for this connector: another writer (a
     * zombie's successor, or this task before a restart) got there meanwhile. Iceberg runs it on every attempt, after
     * each refresh, so the check holds across Iceberg's own retries.
     */
    static SnapshotAncestryValidator untouchedSince(String connector, Collection<TopicPartition> partitions,
                                                   Long sinceSnapshotId) {
        String key = SUMMARY_PREFIX + connector;
        return new SnapshotAncestryValidator() {
            @Override
            public boolean validate(Iterable<Snapshot> newestFirst) {
                for (Snapshot snapshot : newestFirst) {
                    if (Objects.equals(snapshot.snapshotId(), sinceSnapshotId)) {
                        return true;
                    }
                    String value = snapshot.summary() == null ? null : snapshot.summary().get(key);
                    if (value != null && decodeSummary(value).keySet().stream().anyMatch(partitions::contains)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public String errorMessage() {
                return "Records of " + partitions + " were committed meanwhile by another writer of connector "
                        + connector;
            }
        };
    }

    /** The property that says the table's snapshots hold no position its properties lack. */
    private static String marker(String connector) {
        return PROPERTY_PREFIX + connector;
    }

    private static String key(String connector, TopicPartition partition) {
        return PROPERTY_PREFIX + connector + "/" + partition.topic() + "/" + partition.partition();
    }

    /** {@code topic/partition}; a topic has no slash, a connector's name may. */
    private static TopicPartition partition(String topicAndPartition) {
        int slash = topicAndPartition.lastIndexOf('/');
        return new TopicPartition(topicAndPartition.substring(0, slash),
                Integer.parseInt(topicAndPartition.substring(slash + 1)));
    }

    private static Map<TopicPartition, Long> decodeSummary(String value) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            JSON.readValue(value, SUMMARY_OFFSETS).forEach((name, offset) -> offsets.put(partition(name), offset));
            return offsets;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable offsets in a snapshot summary: " + value, e);
        }
    }
}
