package dev.cdcflow.clickhouse.write;

import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record goes that cannot be written to its table (it does not fit it, or a value cannot be encoded). */
@FunctionalInterface
public interface RecordFailures {

    void failed(SinkRecord record, String table, RuntimeException error);
}
