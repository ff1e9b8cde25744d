package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.clickhouse.write.OffsetStore;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class PartitionPositionsTest {

    private static final TopicPartition P0 = new TopicPartition("shop.public.orders", 0);
    private static final TopicPartition P1 = new TopicPartition("shop.public.orders", 1);

    private final PartitionPositions positions = new PartitionPositions();

    @Test
    void aPartitionIsSoughtToTheOffsetAfterWhatClickHouseHoldsAndItsRecordsInThatPutAreSkipped() {
        positions.opened(List.of(P0));
        positions.beginPut();
        assertThat(positions.anyUnpositioned()).isTrue();

        // The consumer gave offsets from 3 on (its committed position), ClickHouse holds up to 9.
        assertThat(positions.position(Map.of(P0, stored(9, -1)), Map.of(P0, 3L))).containsExactly(Map.entry(P0, 10L));
        assertThat(positions.anyUnpositioned()).isFalse();
        assertThat(positions.shouldTake(record(P0, 3))).as("read before the seek").isFalse();
        assertThat(positions.shouldTake(record(P0, 12))).as("read before the seek, ahead of it").isFalse();

        positions.beginPut();
        assertThat(positions.shouldTake(record(P0, 10))).isTrue();
    }

    @Test
    void aPartitionWhoseFirstRecordFollowsWhatClickHouseHoldsNeedsNoSeek() {
        positions.opened(List.of(P0));
        positions.beginPut();
        assertThat(positions.position(Map.of(P0, stored(9, -1)), Map.of(P0, 10L))).isEmpty();
        assertThat(positions.shouldTake(record(P0, 10))).isTrue();
    }

    @Test
    void aPartitionClickHouseHoldsNothingOfStartsWhereTheConsumerIs() {
        positions.opened(List.of(P0));
        positions.beginPut();
        assertThat(positions.position(Map.of(), Map.of(P0, 5L))).isEmpty();
        assertThat(positions.shouldTake(record(P0, 5))).isTrue();
        assertThat(positions.committable(Map.of(), Map.of())).as("nothing written, nothing to commit").isEmpty();
    }

    @Test
    void aRecordDeliveredAgainAfterItWasTakenIsSkipped() {
        positioned(P0);
        positions.took(record(P0, 10));
        positions.took(record(P0, 11));
        positions.beginPut();
        assertThat(positions.shouldTake(record(P0, 11))).isFalse();
        assertThat(positions.shouldTake(record(P0, 12))).isTrue();
    }

    @Test
    void aRewoundPartitionSkipsTheRestOfThePutAndTakesTheRecordAgainAfterTheSeek() {
        positioned(P0);
        positions.took(record(P0, 10));
        assertThat(positions.rewind(record(P0, 11))).isEqualTo(11L);
        assertThat(positions.shouldTake(record(P0, 12))).isFalse();

        positions.beginPut();
        assertThat(positions.shouldTake(record(P0, 11))).isTrue();
    }

    @Test
    void aPartitionWhoseBufferWasDroppedResumesAtTheFirstRecordDroppedWhenClickHouseHoldsNothingOfIt() {
        positioned(P0);
        positions.took(record(P0, 10));
        positions.dropped(P0, 10);
        positions.beginPut();
        assertThat(positions.position(Map.of(), Map.of(P0, 11L))).containsExactly(Map.entry(P0, 10L));

        positions.dropped(P0, 10);
        positions.beginPut();
        assertThat(positions.rewind(record(P0, 11))).as("ClickHouse away: back to the first record dropped")
                .isEqualTo(10L);
    }

    @Test
    void committableOffsetsNeverPassARecordThatIsNotWritten() {
        positioned(P0);
        positioned(P1);
        positions.written(Map.of(P0, 19L, P1, 7L));
        Map<TopicPartition, OffsetAndMetadata> delivered = Map.of(P0, new OffsetAndMetadata(20),
                P1, new OffsetAndMetadata(12));
        assertThat(positions.committable(Map.of(P1, 8L), delivered))
                .containsEntry(P0, new OffsetAndMetadata(20))
                .as("records 8 to 11 are buffered").containsEntry(P1, new OffsetAndMetadata(8));

        positions.closed(List.of(P0));
        positions.written(Map.of(P0, 30L));
        assertThat(positions.committable(Map.of(), delivered)).as("a closed partition is not committed by this task")
                .containsOnlyKeys(P1);
    }

    @Test
    void recordsATransformDroppedAfterTheLastWrittenOneAreCommittedWithConnectsPosition() {
        positioned(P0);
        positions.written(Map.of(P0, 19L));
        // Offsets 20 and 21 were tombstones the flattening transform dropped: the sink never saw them.
        assertThat(positions.committable(Map.of(), Map.of(P0, new OffsetAndMetadata(22))))
                .containsEntry(P0, new OffsetAndMetadata(22));
    }

    @Test
    void whileASeekIsPendingConnectsPositionIsNotTrusted() {
        positioned(P0);
        positions.written(Map.of(P0, 19L));
        positions.rewind(record(P0, 20));
        // Connect counts the put's records as delivered until the seek is applied at its next poll.
        assertThat(positions.committable(Map.of(), Map.of(P0, new OffsetAndMetadata(40))))
                .containsEntry(P0, new OffsetAndMetadata(20));
    }

    @Test
    void theStoredRecordItselfIsReadAgainAndSkippedWhenItIsTheOneWritten() {
        positions.opened(List.of(P0));
        positions.beginPut();
        assertThat(positions.position(Map.of(P0, stored(9, 1009)), Map.of(P0, 3L))).containsExactly(
                Map.entry(P0, 9L));
        assertThat(positions.admit(record(P0, 3, 1003))).as("read before the seek").isFalse();

        positions.beginPut();
        assertThat(positions.admit(record(P0, 9, 1009))).as("written already").isFalse();
        assertThat(positions.admit(record(P0, 10, 1010))).isTrue();
        assertThat(positions.takeSeeks()).isEmpty();
    }

    @Test
    void anotherRecordAtTheStoredOffsetMeansANewTopicReadFromItsStart() {
        positions.opened(List.of(P0));
        positions.beginPut();
        positions.position(Map.of(P0, stored(9, 1009)), Map.of(P0, 0L));

        positions.beginPut();
        assertThat(positions.admit(record(P0, 9, 5))).isFalse();
        assertThat(positions.admit(record(P0, 10, 6))).as("the rest of the put comes again").isFalse();
        assertThat(positions.takeSeeks()).containsExactly(Map.entry(P0, 0L));

        positions.beginPut();
        assertThat(positions.admit(record(P0, 0, 1))).isTrue();
        positions.took(record(P0, 0, 1));
        assertThat(positions.admit(record(P0, 1, 2))).isTrue();
    }

    @Test
    void aRecordBelowTheStoredOffsetAfterTheSeekMeansAShorterNewTopicAndIsTaken() {
        positions.opened(List.of(P0));
        positions.beginPut();
        positions.position(Map.of(P0, stored(9, 1009)), Map.of(P0, 0L));

        // The seek went past the end of the new topic: the consumer fell back to its start.
        positions.beginPut();
        assertThat(positions.admit(record(P0, 0, 1))).isTrue();
        positions.took(record(P0, 0, 1));
        assertThat(positions.admit(record(P0, 1, 2))).isTrue();
        assertThat(positions.takeSeeks()).isEmpty();
    }

    @Test
    void aRecordPastTheStoredOffsetIsTakenWhenTheStoredOneIsGone() {
        positions.opened(List.of(P0));
        positions.beginPut();
        positions.position(Map.of(P0, stored(9, 1009)), Map.of());

        positions.beginPut();
        assertThat(positions.admit(record(P0, 14, 1014))).isTrue();
    }

    @Test
    void aConsumerAlreadyAfterTheStoredOffsetIsCheckedToo() {
        // A new topic of the same name may have grown past the stored offset, and kept the old committed offset.
        positions.opened(List.of(P0));
        positions.beginPut();
        assertThat(positions.position(Map.of(P0, stored(9, 1009)), Map.of(P0, 10L))).containsExactly(
                Map.entry(P0, 9L));
        assertThat(positions.admit(record(P0, 10, 1010))).as("read before the seek").isFalse();

        positions.beginPut();
        assertThat(positions.admit(record(P0, 9, 1009))).isFalse();
        assertThat(positions.admit(record(P0, 10, 1010))).isTrue();
    }

    private static OffsetStore.Stored stored(long offset, long timestamp) {
        return new OffsetStore.Stored(offset, timestamp);
    }

    private void positioned(TopicPartition partition) {
        positions.opened(List.of(partition));
        positions.beginPut();
        positions.position(Map.of(partition, stored(9, -1)), Map.of(partition, 10L));
    }

    private static SinkRecord record(TopicPartition partition, long offset) {
        return new SinkRecord(partition.topic(), partition.partition(), null, null, null, "row", offset);
    }

    private static SinkRecord record(TopicPartition partition, long offset, long timestamp) {
        return new SinkRecord(partition.topic(), partition.partition(), null, null, null, "row", offset, timestamp,
                TimestampType.CREATE_TIME);
    }
}
