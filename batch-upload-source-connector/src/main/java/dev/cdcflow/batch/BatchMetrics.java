package dev.cdcflow.batch;

import dev.cdcflow.common.metrics.TaskGauges;

/**
 * What a batch upload task read, as gauges of the task (plugin metrics, or the task's own MBean on workers before
 * Kafka 4.1): rows sent, rows rejected, jobs read to their end and jobs failed. Names carry the plugin's prefix, as
 * every plugin's metrics share one MBean type on Kafka 4.1+. Written by the task thread only.
 */
final class BatchMetrics {

    private volatile long rowsSent;
    private volatile long rowsRejected;
    private volatile long jobsRead;
    private volatile long jobsFailed;

    void register(TaskGauges gauges) {
        gauges.add("batch-rows-sent-total", "Rows of jobs sent to their model's topic", () -> rowsSent);
        gauges.add("batch-rows-rejected-total", "Rows of jobs that did not fit their model", () -> rowsRejected);
        gauges.add("batch-jobs-read-total", "Jobs whose file was read to its end", () -> jobsRead);
        gauges.add("batch-jobs-failed-total", "Jobs whose file could not be read", () -> jobsFailed);
    }

    void row(boolean valid) {
        if (valid) {
            rowsSent++;
        } else {
            rowsRejected++;
        }
    }

    void jobRead() {
        jobsRead++;
    }

    void jobFailed() {
        jobsFailed++;
    }
}
