package dev.cdcflow.s3.write;

import dev.cdcflow.s3.stage.S3Store;

/**
 * Where batches were closed because their partition went quiet. Every other rule that closes a batch is a function
 * of the records, so a replay cuts where the first attempt did; wall-clock idleness is not: a replay finds the records
 * that came after the pause already there and would run past the cut, writing them into a second object. So an idle
 * close first records its cut in S3, under {@code <prefix>/_cdcflow/idle-cuts/<topic>+<partition>+<first offset>},
 * and every batch that opens looks for a cut recorded at its first offset.
 *
 * <p>Why that is enough: the cut is stored before any file of the batch is uploaded, and the partition's next batch
 * opens only after it; so a batch of an earlier attempt that began at an offset where no cut is stored was closed by
 * the record rules (or never closed), and the replay closes it in the same place.
 */
final class IdleCuts {

    private static final String FOLDER = "_cdcflow/idle-cuts/";

    private final S3Store store;
    private final String prefix;

    IdleCuts(S3Store store, String prefix) {
        this.store = store;
        this.prefix = prefix.isEmpty() ? FOLDER : prefix + "/" + FOLDER;
    }

    /**
     * The last offset of the batch of {@code topic}-{@code partition} beginning at {@code firstOffset}, when an
     * earlier attempt closed it for idleness; else -1.
     */
    long lastOffsetOf(String topic, int partition, long firstOffset) {
        String text = store.getText(key(topic, partition, firstOffset));
        return text == null ? -1 : Long.parseLong(text.trim());
    }

    /** Records that the batch beginning at {@code firstOffset} ends at {@code lastOffset}. */
    void record(String topic, int partition, long firstOffset, long lastOffset) {
        store.putText(key(topic, partition, firstOffset), Long.toString(lastOffset));
    }

    private String key(String topic, int partition, long firstOffset) {
        return prefix + topic + "+" + partition + "+" + String.format("%020d", firstOffset);
    }
}
