package dev.cdcflow.s3;

import dev.cdcflow.common.Backoff;
import dev.cdcflow.common.ErrantRecords;
import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.common.metrics.TaskGauges;
import dev.cdcflow.s3.format.ObjectWriters;
import dev.cdcflow.s3.stage.MemoryBudget;
import dev.cdcflow.s3.stage.S3Store;
import dev.cdcflow.s3.stage.SpillSpace;
import dev.cdcflow.s3.write.S3SinkMetrics;
import dev.cdcflow.s3.write.S3Writer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into objects and uploads them as their files close. Connect commits only offsets whose records
 * are in uploaded objects; what a crash loses is replayed into the same objects under the same keys.
 */
public class S3RawSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(S3RawSinkTask.class);
    /** The longest wait between upload tries, as a multiple of s3.retry.backoff.ms. */
    private static final int MAX_BACKOFF_FACTOR = 16;

    private S3SinkConfig config;
    private S3Store store;
    private SpillSpace spillSpace;
    private S3Writer writer;
    private TaskGauges gauges;
    private Backoff backoff;
    private final S3SinkMetrics metrics = new S3SinkMetrics();

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new S3SinkConfig(props);
        backoff = new Backoff(Duration.ofMillis(config.retryBackoffMs()),
                Duration.ofMillis(config.retryBackoffMs() * MAX_BACKOFF_FACTOR));
        store = S3Store.create(config);
        String connector = TaskConfigs.connectorName(props, "s3-raw-sink");
        int taskNumber = TaskConfigs.taskNumber(props);
        spillSpace = new SpillSpace(config.spillDir(), connector + "-" + taskNumber, config.spillMaxBytes());
        // Spill files a crash left behind belong to no open file any more.
        spillSpace.clear();
        MemoryBudget budget = new MemoryBudget(config.bufferMaxBytes(), ObjectWriters.LARGEST_WRITE);
        writer = new S3Writer(config, store, new ObjectWriters(config, store, budget, spillSpace), budget, metrics);
        gauges = TaskGauges.open(context, "S3RawSinkTask", connector, taskNumber);
        metrics.register(gauges, budget);
    }

    /**
     * Writes the records; files that close are uploaded on the writer's upload threads meanwhile. When an upload
     * fails (S3 away), the closed files wait on the heap or disk and Connect delivers the same records again after
     * s3.retry.backoff.ms, taking no new ones; the records are then skipped as seen, and the upload starts again.
     */
    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            for (SinkRecord record : records) {
                try {
                    writer.write(record);
                } catch (DataException e) {
                    recordFailed(record, e);
                }
            }
            writer.closeIdle();
            writer.collectUploads();
        } catch (RetriableException e) {
            metrics.uploadFailed();
            long waitMs = backoff.nextMs();
            LOG.warn("Uploading to S3 failed ({}); retrying in {} ms", e.getMessage(), waitMs);
            context.timeout(waitMs);
            throw e;
        }
        backoff.reset();
    }

    /**
     * Commits, per partition, only what is in uploaded objects. Only quiet partitions' files close here (their cut is
     * recorded); closing others would break replays.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            writer.closeIdle();
            writer.collectUploads();
        } catch (RetriableException e) {
            // put() reports it and retries; the offsets below simply stop before the batch that failed.
        }
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        writer.committableOffsets().forEach((partition, offset) -> {
            if (currentOffsets.containsKey(partition)) {
                committable.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return committable;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        LOG.info("Assigned {} partition(s)", partitions.size());
    }

    /** Revoked partitions: their open files are dropped; whoever gets them replays from the committed offsets. */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        LOG.info("Closing {} partition(s); their open files will be written again from the committed offsets",
                partitions.size());
        writer.close(partitions);
    }

    @Override
    public void stop() {
        if (writer != null) {
            writer.close();
        }
        if (store != null) {
            store.close();
        }
        if (spillSpace != null) {
            spillSpace.remove();
        }
        if (gauges != null) {
            gauges.close();
        }
    }

    /** With errors.tolerance=all the record goes to the dead letter queue; else the task stops naming it. */
    private void recordFailed(SinkRecord record, DataException error) {
        new ErrantRecords(context).report(record, new DataException("Record " + ErrantRecords.coordinates(record)
                + " cannot be written: " + error.getMessage(), error));
    }
}
