package dev.cdcflow.s3.write;

import dev.cdcflow.common.metrics.PluginGauges;
import dev.cdcflow.s3.stage.MemoryBudget;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * What the sink did, as plugin metrics of the task (JMX): records and objects written, failed uploads, and the heap
 * its buffers hold now and at most. Counts are written by the task thread only.
 */
public final class S3SinkMetrics {

    private volatile long records;
    private volatile long objects;
    private volatile long uploadFailures;

    /** Registers the metrics; without plugin metrics (older workers) the counts are kept but not published. */
    public void register(PluginMetrics metrics, MemoryBudget budget) {
        if (metrics == null) {
            return;
        }
        PluginGauges.add(metrics, "records-written-total", "Records written into objects", () -> records);
        PluginGauges.add(metrics, "objects-written-total", "Objects completed in S3", () -> objects);
        PluginGauges.add(metrics, "upload-failures-total", "Uploads that failed and were retried",
                () -> uploadFailures);
        PluginGauges.add(metrics, "buffer-bytes", "Bytes of open files on the heap now", budget::used);
        PluginGauges.add(metrics, "buffer-bytes-max",
                "Most bytes of open files ever on the heap (buffer.max.bytes caps it)",
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
