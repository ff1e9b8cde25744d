package dev.cdcflow.s3.write;

import dev.cdcflow.common.ErrantRecords;
import dev.cdcflow.s3.NullValueHandling;
import dev.cdcflow.s3.S3SinkConfig;
import dev.cdcflow.s3.avro.AvroRecords;
import dev.cdcflow.s3.format.ObjectWriter;
import dev.cdcflow.s3.format.ObjectWriters;
import dev.cdcflow.s3.layout.ObjectKeys;
import dev.cdcflow.s3.layout.PathFormat;
import dev.cdcflow.s3.layout.RecordTime;
import dev.cdcflow.s3.stage.MemoryBudget;
import dev.cdcflow.s3.stage.S3Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns the records of a task's partitions into objects. Each partition fills a {@link PartitionBatch}; the batch
 * closes on a count, a size or a record-time span, all functions of the records, or when the partition has been
 * quiet for flush.idle.ms, a cut recorded in S3 ({@link IdleCuts}); its files are then uploaded. The offset a
 * partition may commit is where its oldest batch not yet uploaded begins: a restart replays from there and rewrites
 * the same objects under the same keys, so every offset lands in exactly one object.
 */
public final class S3Writer implements AutoCloseable {

    /** One partition: the batch taking records, batches closed but not uploaded yet, and the next offset due. */
    private static final class PartitionState {
        private PartitionBatch open;
        private final Deque<PartitionBatch> closed = new ArrayDeque<>();
        private long nextOffset = -1;
        /** When the partition's last record was taken (System.nanoTime). */
        private long lastTakenNanos;
        /** The path of the previous record, reused while topic and time bucket stay the same. */
        private String pathTopic;
        private Integer pathPartition;
        private long pathBucket;
        private String path;
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final AvroRecords records;
    private final ObjectWriters writers;
    private final ObjectKeys keys;
    private final PathFormat pathFormat;
    private final RecordTime recordTime;
    private final MemoryBudget budget;
    private final S3SinkMetrics metrics;
    private final NullValueHandling nullValues;
    private final int flushRecords;
    private final long flushBytes;
    private final long flushSpanMs;
    private final long flushIdleNanos;
    private final IdleCuts idleCuts;
    private final Uploads uploads;
    private String lastTopic;
    private int lastPartition;
    private PartitionState lastState;

    public S3Writer(S3SinkConfig config, S3Store store, ObjectWriters writers, MemoryBudget budget,
                    S3SinkMetrics metrics) {
        this.records = new AvroRecords(config.envelope());
        this.writers = writers;
        this.keys = new ObjectKeys(config.prefix(), writers.extension());
        this.pathFormat = config.pathFormat();
        this.recordTime = new RecordTime(config.timestampField());
        this.budget = budget;
        this.metrics = metrics;
        this.nullValues = config.nullValues();
        this.flushRecords = config.flushRecords();
        this.flushBytes = config.flushBytes();
        this.flushSpanMs = config.flushSpanMs();
        this.flushIdleNanos = config.flushIdleMs() * 1_000_000L;
        this.idleCuts = new IdleCuts(store, config.prefix());
        this.uploads = new Uploads(config.uploadThreads());
    }

    /**
     * Writes a record into its partition's batch, closing the batch when a rule says so. A record seen before (Connect
     * delivers a batch again after a retriable failure) is skipped.
     *
     * @throws DataException when the record cannot be written; its offset counts as done (the caller reports it)
     */
    public void write(SinkRecord record) {
        PartitionState state = stateOf(record);
        long offset = record.originalKafkaOffset();
        if (offset < state.nextOffset) {
            return;
        }
        try {
            writeInto(state, record, offset);
        } catch (DataException e) {
            // Failed and reported by the caller: the offset is done, as a written or skipped one is.
            taken(state, offset);
            throw e;
        }
        taken(state, offset);
    }

    /**
     * Closes the batches of partitions that have taken no record for flush.idle.ms, recording each cut in S3 first.
     * A batch replaying a longer batch an earlier attempt cut stays open until that cut.
     *
     * @throws org.apache.kafka.connect.errors.RetriableException when S3 is away; the batch stays open
     */
    public void closeIdle() {
        if (flushIdleNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        partitions.forEach((partition, state) -> {
            if (state.open != null && now - state.lastTakenNanos >= flushIdleNanos
                    && !state.open.cutAhead(state.nextOffset - 1) && !state.open.idleCutRefused()) {
                if (idleCuts.record(partition.topic(), partition.partition(), state.open.firstOffset(),
                        state.nextOffset - 1, state.open.firstKey())) {
                    // Between the check and the upload, a new owner of the partition may still write its larger
                    // batch from the same offset: this one must not replace it.
                    state.open.files().forEach(ObjectWriter::createOnly);
                    closeBatch(state);
                } else {
                    state.open.refuseIdleCut();
                }
            }
        });
    }

    /**
     * Collects the batches whose uploads finished, oldest first per partition, and submits again those whose
     * upload failed before. Does not wait.
     *
     * @throws org.apache.kafka.connect.errors.RetriableException when an upload failed on the way (S3 away): the
     *                                                            batch is submitted again at the next call
     */
    public void collectUploads() {
        for (PartitionState state : partitions.values()) {
            while (!state.closed.isEmpty()) {
                PartitionBatch oldest = state.closed.peekFirst();
                if (!uploads.submitted(oldest)) {
                    uploads.submit(oldest);
                }
                int completed = uploads.finished(oldest);
                if (completed < 0) {
                    break;
                }
                for (int i = 0; i < completed; i++) {
                    metrics.objectWritten();
                }
                state.closed.removeFirst();
            }
        }
    }

    /** Whether uploads are still going (or waiting to be submitted again). */
    public boolean uploading() {
        return !uploads.isEmpty() || partitions.values().stream().anyMatch(state -> !state.closed.isEmpty());
    }

    /** Per partition, the offset Connect may commit: everything before it is in uploaded objects. */
    public Map<TopicPartition, Long> committableOffsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach((partition, state) -> {
            if (!state.closed.isEmpty()) {
                offsets.put(partition, state.closed.peekFirst().firstOffset());
            } else if (state.open != null) {
                offsets.put(partition, state.open.firstOffset());
            } else if (state.nextOffset >= 0) {
                offsets.put(partition, state.nextOffset);
            }
        });
        return offsets;
    }

    /** Drops the partitions (revoked or closing): their files are written again by whoever replays them. */
    public void close(Collection<TopicPartition> revoked) {
        lastState = null;
        for (TopicPartition partition : revoked) {
            PartitionState state = partitions.remove(partition);
            if (state != null) {
                abort(state);
            }
            idleCuts.forget(partition);
        }
    }

    @Override
    public void close() {
        lastState = null;
        partitions.values().forEach(this::abort);
        partitions.clear();
        uploads.close();
        records.close();
    }

    private void taken(PartitionState state, long offset) {
        state.nextOffset = offset + 1;
        state.lastTakenNanos = System.nanoTime();
    }

    private void writeInto(PartitionState state, SinkRecord record, long offset) {
        if (state.open != null && state.open.cutBefore(offset)) {
            closeBatch(state);
        }
        if (record.value() == null && nullValues != NullValueHandling.WRITE) {
            if (nullValues == NullValueHandling.FAIL) {
                throw new DataException("Record " + ErrantRecords.coordinates(record)
                        + " has a null value (null.values=fail)");
            }
            return;
        }
        long time = recordTime.of(record);
        if (state.open != null && flushSpanMs > 0 && Math.abs(time - state.open.firstTimeMs()) >= flushSpanMs) {
            closeBatch(state);
        }
        AvroRecords.Datum datum = records.of(record);
        if (state.open == null) {
            state.open = new PartitionBatch(offset, time, idleCuts.lastOffsetOf(record.originalTopic(),
                    record.originalKafkaPartition(), offset));
        }
        String path = pathOf(state, record, time);
        // Named after the partition the record was read from, as batches and offsets are: an SMT that routes two
        // partitions to one topic (or renames one) changes the folder, never makes two files share a key.
        ObjectWriter file = state.open.file(path, datum.schema(), (folder, schema) -> writers.open(
                keys.key(folder, record.originalTopic(), record.originalKafkaPartition(), offset), schema));
        file.write(datum.value());
        state.open.recordWritten();
        metrics.recordWritten();
        if (state.open.records() >= flushRecords || state.open.bytes() >= flushBytes || state.open.cutAt(offset)) {
            closeBatch(state);
        }
        if (budget.exceeded()) {
            relieveMemory();
        }
    }

    /** The record's partition state; records come in runs of one partition, so most skip the map. */
    private PartitionState stateOf(SinkRecord record) {
        String topic = record.originalTopic();
        int partition = record.originalKafkaPartition();
        if (lastState == null || partition != lastPartition || !topic.equals(lastTopic)) {
            lastState = partitions.computeIfAbsent(new TopicPartition(topic, partition), key -> new PartitionState());
            lastTopic = topic;
            lastPartition = partition;
        }
        return lastState;
    }

    /**
     * The record's folder; rendering is the costly part of a key, and records of a partition mostly share one. The
     * folder follows the topic and partition after the SMTs on purpose (a routing SMT chooses where records go); the
     * file name, offsets, cuts and rewinds use the original ones (docs/architecture.md, "S3 raw zone layout").
     */
    private String pathOf(PartitionState state, SinkRecord record, long time) {
        long bucket = pathFormat.bucketOf(time);
        if (state.path == null || bucket != state.pathBucket || !record.topic().equals(state.pathTopic)
                || !record.kafkaPartition().equals(state.pathPartition)) {
            state.path = pathFormat.render(record.topic(), record.kafkaPartition(), time);
            state.pathTopic = record.topic();
            state.pathPartition = record.kafkaPartition();
            state.pathBucket = bucket;
        }
        return state.path;
    }

    /** Closes the batch's files and hands them to the upload threads. */
    private void closeBatch(PartitionState state) {
        for (ObjectWriter file : state.open.files()) {
            file.close();
        }
        state.closed.addLast(state.open);
        uploads.submit(state.open);
        state.open = null;
    }

    /**
     * Moves the largest buffers of open files off the heap until well below the cap. Files being uploaded belong to
     * the upload threads: when they hold the memory, the task waits for uploads to finish instead.
     */
    private void relieveMemory() {
        List<ObjectWriter> files = new ArrayList<>();
        for (PartitionState state : partitions.values()) {
            if (state.open != null) {
                files.addAll(state.open.files());
            }
            state.closed.stream().filter(batch -> !uploads.submitted(batch))
                    .forEach(batch -> files.addAll(batch.files()));
        }
        files.sort(Comparator.comparingLong(ObjectWriter::heapBytes).reversed());
        boolean spillFull = false;
        for (ObjectWriter file : files) {
            if (budget.relieved()) {
                return;
            }
            spillFull |= !file.relieve();
        }
        while (budget.exceeded() && !uploads.isEmpty()) {
            uploads.awaitOne();
            collectUploads();
        }
        if (spillFull && budget.exceeded()) {
            throw new ConnectException("The open files of this task need more than buffer.max.bytes ("
                    + budget.cap() + " bytes) of heap plus " + S3SinkConfig.SPILL_MAX_BYTES_CONFIG + " of disk, and no "
                    + "upload is left to free any: raise either, or lower flush.bytes or flush.records so that files "
                    + "close sooner");
        }
    }

    private void abort(PartitionState state) {
        if (state.open != null) {
            state.open.files().forEach(ObjectWriter::abort);
        }
        for (PartitionBatch batch : state.closed) {
            uploads.forget(batch);
            batch.files().forEach(ObjectWriter::abort);
        }
    }

}
