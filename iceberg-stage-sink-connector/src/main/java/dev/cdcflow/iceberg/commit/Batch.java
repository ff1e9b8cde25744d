package dev.cdcflow.iceberg.commit;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.kafka.common.TopicPartition;

/**
 * The data files of one commit to one table and the Kafka positions they take the table to: per partition, the
 * first offset in them and where the table stands after them.
 */
public final class Batch {

    private final List<DataFile> files;
    private final Map<TopicPartition, Long> firstOffsets;
    private final Map<TopicPartition, Position> ends;
    private final long records;
    /** Set once a try to commit it ended without knowing whether it went in: its files may be in the table. */
    private boolean maybeCommitted;

    public Batch(List<DataFile> files, Map<TopicPartition, Long> firstOffsets, Map<TopicPartition, Position> ends,
                 long records) {
        this.files = List.copyOf(files);
        this.firstOffsets = Map.copyOf(firstOffsets);
        this.ends = Map.copyOf(ends);
        this.records = records;
    }

    public List<DataFile> files() {
        return files;
    }

    public Map<TopicPartition, Long> firstOffsets() {
        return firstOffsets;
    }

    public Map<TopicPartition, Position> ends() {
        return ends;
    }

    public long records() {
        return records;
    }

    boolean maybeCommitted() {
        return maybeCommitted;
    }

    void markMaybeCommitted() {
        maybeCommitted = true;
    }
}
