package dev.cdcflow.iceberg;

import dev.cdcflow.common.metrics.TaskGauges;
import dev.cdcflow.iceberg.commit.Batch;

/**
 * What a stage task did, as gauges of the task (plugin metrics, or the task's own MBean on workers before Kafka
 * 4.1): rows and data files committed, commits, commits refused or failed (then retried), rows rejected to the dead
 * letter queue. Written by the task thread only.
 */
final class StageMetrics {

    private volatile long rows;
    private volatile long files;
    private volatile long commits;
    private volatile long commitFailures;
    private volatile long rejected;

    void register(TaskGauges gauges) {
        gauges.add("rows-committed-total", "Rows committed into stage tables", () -> rows);
        gauges.add("data-files-committed-total", "Data files committed into stage tables", () -> files);
        gauges.add("commits-total", "Commits (Iceberg appends) to stage tables", () -> commits);
        gauges.add("commit-failures-total", "Commits refused, or failed and tried again", () -> commitFailures);
        gauges.add("rows-rejected-total", "Rows sent to the dead letter queue", () -> rejected);
    }

    void committed(Batch batch) {
        rows += batch.records();
        files += batch.files().size();
        commits++;
    }

    void commitFailed() {
        commitFailures++;
    }

    void rejected() {
        rejected++;
    }
}
