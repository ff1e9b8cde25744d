package dev.cdcflow.s3.write;

import dev.cdcflow.common.metrics.Gauges;
import dev.cdcflow.s3.stage.MemoryBudget;

/**
 * What the sink did, as gauges of the task (plugin metrics, or the task's own MBean on workers before Kafka 4.1):
 * records and objects written, failed uploads, and the heap its buffers hold now and at most. Counts are written by
 * the task thread only.
 */
public final class S3SinkMetrics {

    private volatile long records;
    private volatile long objects;
    private volatile long uploadFailures;

    public void register(Gauges gauges, MemoryBudget budget) {
        gauges.add("records-written-total", "Records written into objects", () -> records);
        gauges.add("objects-written-total", "Objects completed in S3", () -> objects);
        gauges.add("upload-failures-total", "Uploads that failed and were retried", () -> uploadFailures);
        gauges.add("buffer-bytes", "Bytes of open files on the heap now", budget::used);
        gauges.add("buffer-bytes-max", "Most bytes of open files ever on the heap (buffer.max.bytes caps it)",
                budget::peak);
    }

    void recordWritten() {
        records++;
    }

    void objectWritten() {
        objects++;
    }

    public void uploadFailed() {
        uploadFailures++;
    }
}
