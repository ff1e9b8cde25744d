package dev.cdcflow.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class OffsetRangesTest {

    @Test
    void keepsTheFirstAndLastOffsetOfEveryPartitionAndTheLastOnesTimestamp() {
        OffsetRanges ranges = ranges(record(1, 7), record(0, 3), record(1, 9), record(0, 4), record(1, 8));

        assertThat(ranges.first()).isEqualTo(Map.of(new TopicPartition("t", 0), 3L, new TopicPartition("t", 1), 7L));
        assertThat(ranges.last()).isEqualTo(Map.of(new TopicPartition("t", 0), new OffsetStore.Stored(4, 1004),
                new TopicPartition("t", 1), new OffsetStore.Stored(9, 1009)));
    }

    @Test
    void clearForgetsEverything() {
        OffsetRanges ranges = ranges(record(0, 1));
        ranges.clear();

        assertThat(ranges.isEmpty()).isTrue();
    }

    private static OffsetRanges ranges(SinkRecord... records) {
        OffsetRanges ranges = new OffsetRanges();
        for (SinkRecord record : records) {
            ranges.add(record);
        }
        return ranges;
    }

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, null, null, offset, 1000 + offset,
                TimestampType.CREATE_TIME);
    }
}
