package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RowBinaryInserterTest {

    @Test
    void deduplicationTokenNamesTheOffsetRangeOfEveryPartition() {
        List<SinkRecord> batch = List.of(record(1, 7), record(0, 3), record(1, 9), record(0, 4));

        assertThat(RowBinaryInserter.deduplicationToken(batch)).isEqualTo("t/0/3-4;t/1/7-9;");
        assertThat(RowBinaryInserter.deduplicationToken(List.of(record(0, 4), record(1, 9), record(0, 3),
                record(1, 7)))).as("same records, other order").isEqualTo("t/0/3-4;t/1/7-9;");
    }

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, null, null, offset);
    }
}
