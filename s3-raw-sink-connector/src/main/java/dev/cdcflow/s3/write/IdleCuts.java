package dev.cdcflow.s3.write;

import dev.cdcflow.s3.stage.S3Store;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Where batches were closed because their partition went quiet. Every other rule that closes a batch is a function
 * of the records, so a replay cuts where the first attempt did; wall-clock idleness is not: a replay finds the records
 * that came after the pause already there and would run past the cut, writing them into a second object. So an idle
 * close first records its cut in S3, under {@code <prefix>/_cdcflow/idle-cuts/<topic>+<partition>+<first offset>},
 * and every batch that opens looks for a cut recorded at its first offset. The cuts of a partition from where it
 * resumes on are listed once when the task takes the partition (one LIST, not a request per batch).
 *
 * <p>Why that is enough: the cut is stored before any file of the batch is uploaded, and the partition's next batch
 * opens only after it; so a batch of an earlier attempt that began at an offset where no cut is stored was closed by
 * the record rules (or never closed), and the replay closes it in the same place.
 */
final class IdleCuts {

    private static final String FOLDER = "_cdcflow/idle-cuts/";

    private final S3Store store;
    private final String prefix;
    /** Per partition taken, the cuts recorded at or after where it resumed: first offset to last offset. */
    private final Map<TopicPartition, NavigableMap<Long, Long>> cuts = new HashMap<>();

    IdleCuts(S3Store store, String prefix) {
        this.store = store;
        this.prefix = prefix.isEmpty() ? FOLDER : prefix + "/" + FOLDER;
    }

    /**
     * The last offset of the batch of {@code topic}-{@code partition} beginning at {@code firstOffset}, when an
     * earlier attempt closed it for idleness; else -1. The first call for a partition lists its cuts from there on.
     */
    long lastOffsetOf(String topic, int partition, long firstOffset) {
        NavigableMap<Long, Long> known = cuts.computeIfAbsent(new TopicPartition(topic, partition),
                key -> list(topic, partition, firstOffset));
        return known.getOrDefault(firstOffset, -1L);
    }

    /**
     * Records that the batch beginning at {@code firstOffset} ends at {@code lastOffset}, unless its first object
     * ({@code firstObjectKey}) is in S3 already: then another attempt wrote a batch from this offset, closed by the
     * record rules (an idle cut there would have been recorded before its upload, and known). That attempt is this
     * partition's new owner, this task a zombie that has not learned it lost the partition; or this task replays a
     * batch an earlier attempt of its own closed. Either way the record rules must close this batch where they closed
     * that one: cutting it short would overwrite a larger committed object under the same key. Returns whether the
     * cut was recorded.
     */
    boolean record(String topic, int partition, long firstOffset, long lastOffset, String firstObjectKey) {
        if (store.exists(firstObjectKey)) {
            return false;
        }
        store.putText(key(topic, partition, firstOffset), Long.toString(lastOffset));
        cuts.computeIfAbsent(new TopicPartition(topic, partition), key -> new TreeMap<>())
                .put(firstOffset, lastOffset);
        return true;
    }

    /** Forgets a partition given up: whoever takes it next lists its cuts again. */
    void forget(TopicPartition partition) {
        cuts.remove(partition);
    }

    private NavigableMap<Long, Long> list(String topic, int partition, long fromOffset) {
        NavigableMap<Long, Long> found = new TreeMap<>();
        String partitionPrefix = prefix + topic + "+" + partition + "+";
        // Keys sort by first offset (20 digits): start just before the one at fromOffset.
        String startAfter = fromOffset == 0 ? null : key(topic, partition, fromOffset - 1);
        for (String key : store.keysAfter(partitionPrefix, startAfter)) {
            long first = Long.parseLong(key.substring(partitionPrefix.length()));
            String text = store.getText(key);
            if (text != null) {
                found.put(first, Long.parseLong(text.trim()));
            }
        }
        return found;
    }

    private String key(String topic, int partition, long firstOffset) {
        return prefix + topic + "+" + partition + "+" + String.format("%020d", firstOffset);
    }
}
