package dev.cdcflow.common;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Records a sink cannot write: where they came from, said the same way by every plugin, and their hand-over to
 * Connect's errant-record reporter, so that errors.tolerance decides: the dead letter queue with {@code all}, a task
 * failure naming the record with {@code none}.
 */
public final class ErrantRecords {

    private final SinkTaskContext context;

    public ErrantRecords(SinkTaskContext context) {
        this.context = context;
    }

    /**
     * {@code topic-partition@offset} where Connect read the record: its original coordinates, which a topic-renaming
     * SMT does not change (and which offsets and the dead letter queue's headers speak in).
     */
    public static String coordinates(SinkRecord record) {
        return record.originalTopic() + "-" + record.originalKafkaPartition() + "@" + record.originalKafkaOffset();
    }

    /**
     * Reports the record with its reason; on a worker that gives the task no reporter, the reason fails the task
     * (nothing is dropped silently).
     */
    public void report(SinkRecord record, DataException reason) {
        ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter == null) {
            throw reason;
        }
        reporter.report(record, reason);
    }
}
