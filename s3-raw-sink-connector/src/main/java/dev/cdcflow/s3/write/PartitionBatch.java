package dev.cdcflow.s3.write;

import dev.cdcflow.s3.format.ObjectWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.Schema;

/**
 * The open files of one topic partition, from its first record on: one file per path and schema, all closed
 * together. Because they close together, the partition's committed offset is always where a batch begins, and a
 * replay from there cuts the same batches into the same files. A record of another schema opens a file beside the
 * others instead of closing them, so interleaved schema versions give one file per version per batch.
 */
final class PartitionBatch {

    /** Where a file of the batch goes: its path and the schema of its records. */
    private record FileKey(String path, Schema schema) {
    }

    private final long firstOffset;
    private final long firstTimeMs;
    private final long cutAfter;
    private final Map<FileKey, ObjectWriter> files = new LinkedHashMap<>();
    private int records;
    private boolean idleCutRefused;

    /** @param cutAfter the offset after which an earlier attempt closed this batch for idleness, or -1 */
    PartitionBatch(long firstOffset, long firstTimeMs, long cutAfter) {
        this.firstOffset = firstOffset;
        this.firstTimeMs = firstTimeMs;
        this.cutAfter = cutAfter;
    }

    /** The file for records of {@code schema} under {@code path}, opened by {@code open(path, schema)} if new. */
    ObjectWriter file(String path, Schema schema, BiFunction<String, Schema, ObjectWriter> open) {
        return files.computeIfAbsent(new FileKey(path, schema), key -> open.apply(path, schema));
    }

    /** This batch found its first object written by another attempt: only the record rules close it. */
    void refuseIdleCut() {
        idleCutRefused = true;
    }

    boolean idleCutRefused() {
        return idleCutRefused;
    }

    /** The key of the batch's first file: the one opened at its first offset, by which a batch is known in S3. */
    String firstKey() {
        return files.values().iterator().next().key();
    }

    /** Counts a record written into one of the files. */
    void recordWritten() {
        records++;
    }

    long firstOffset() {
        return firstOffset;
    }

    long firstTimeMs() {
        return firstTimeMs;
    }

    /** Whether an earlier attempt closed this batch after an offset below {@code offset}. */
    boolean cutBefore(long offset) {
        return cutAfter >= 0 && offset > cutAfter;
    }

    /** Whether an earlier attempt closed this batch right after {@code offset}. */
    boolean cutAt(long offset) {
        return cutAfter == offset;
    }

    /** Whether the batch must run on to a cut an earlier attempt made after {@code offset}. */
    boolean cutAhead(long offset) {
        return cutAfter > offset;
    }

    int records() {
        return records;
    }

    long bytes() {
        long bytes = 0;
        for (ObjectWriter file : files.values()) {
            bytes += file.bytes();
        }
        return bytes;
    }

    Collection<ObjectWriter> files() {
        return files.values();
    }
}
