package dev.cdcflow.iceberg;

import static dev.cdcflow.iceberg.PartitionProgress.Decision.SKIP;
import static dev.cdcflow.iceberg.PartitionProgress.Decision.TAKE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.iceberg.commit.Batch;
import dev.cdcflow.iceberg.commit.Position;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where partitions stand per stage table, how they are checked and sought, and what Connect may commit. */
class PartitionProgressTest {

    private static final TopicPartition P0 = new TopicPartition("shop.public.orders", 0);
    private static final TopicPartition P1 = new TopicPartition("shop.public.orders", 1);

    private final PartitionProgress progress = new PartitionProgress();

    @BeforeEach
    void open() {
        progress.opened(List.of(P0, P1));
        progress.beginPut();
    }

    @Test
    void eachTableOfAPartitionSkipsWhatItHoldsAlready() {
        // One partition routed into two tables (an SMT that merges or splits); the consumer group trails both.
        progress.read(P0, Map.of("orders", Position.at(10), "orders_archive", Position.at(4)));

        assertThat(progress.admit(P0, "orders", 5, 1)).isEqualTo(SKIP);
        assertThat(progress.admit(P0, "orders_archive", 5, 1)).isEqualTo(TAKE);
        assertThat(progress.admit(P0, "orders", 10, 1)).isEqualTo(TAKE);
        assertThat(progress.admit(P0, "customers", 0, 1)).as("a table holding nothing of it").isEqualTo(TAKE);
        progress.took(P0, "orders", 10);
        assertThat(progress.admit(P0, "orders", 10, 1)).as("delivered again").isEqualTo(SKIP);
    }

    @Test
    void theFirstRecordIsCheckedAgainstTheRecordTheFurthestTableHoldsLastThenTheConsumerGoesBack() {
        progress.read(P0, Map.of("orders", new Position(10, 900), "orders_archive", new Position(4, 400)));

        assertThat(progress.admit(P0, "orders", 2, 200)).isEqualTo(SKIP);
        assertThat(progress.takeSeeks()).containsExactly(Map.entry(P0, 9L));
        assertThat(progress.admit(P0, "orders", 3, 300)).as("the rest of the put predates the seek").isEqualTo(SKIP);

        progress.beginPut();
        assertThat(progress.admit(P0, "orders", 9, 900)).isEqualTo(SKIP);
        assertThat(progress.takeSeeks()).containsExactly(Map.entry(P0, 2L));

        progress.beginPut();
        assertThat(progress.admit(P0, "orders_archive", 2, 200)).as("checked: the positions hold").isEqualTo(SKIP);
        assertThat(progress.admit(P0, "orders_archive", 4, 400)).isEqualTo(TAKE);
        assertThat(progress.admit(P0, "orders", 9, 900)).isEqualTo(SKIP);
        assertThat(progress.takeSeeks()).isEmpty();
    }

    @Test
    void aConsumerStartingRightAfterTheCheckedRecordNeedsNoSeekBack() {
        progress.read(P0, Map.of("orders", new Position(10, 900)));

        assertThat(progress.admit(P0, "orders", 9, 900)).as("the checked record itself").isEqualTo(SKIP);
        assertThat(progress.takeSeeks()).isEmpty();
        assertThat(progress.admit(P0, "orders", 10, 1000)).isEqualTo(TAKE);
    }

    @Test
    void anotherRecordAtTheCheckedOffsetIsARecreatedTopicReadFromItsStart() {
        progress.read(P0, Map.of("orders", new Position(10, 900)));
        assertThat(progress.admit(P0, "orders", 10, 5000)).isEqualTo(SKIP);
        assertThat(progress.takeSeeks()).containsExactly(Map.entry(P0, 9L));

        progress.beginPut();
        assertThat(progress.admit(P0, "orders", 9, 4900)).isEqualTo(SKIP);
        assertThat(progress.takeSeeks()).containsExactly(Map.entry(P0, 0L));

        progress.beginPut();
        assertThat(progress.admit(P0, "orders", 0, 4000)).isEqualTo(TAKE);
        assertThat(progress.stored("orders", List.of(P0))).as("what the next commit expects to replace")
                .containsExactly(Map.entry(P0, new Position(10, 900)));
    }

    @Test
    void aRecordBelowTheCheckedOneAfterTheSeekIsTheStartOfAShorterRecreatedTopic() {
        progress.read(P0, Map.of("orders", new Position(10, 900)));
        assertThat(progress.admit(P0, "orders", 3, 3000)).isEqualTo(SKIP);
        progress.takeSeeks();

        progress.beginPut();
        assertThat(progress.admit(P0, "orders", 0, 2000)).isEqualTo(TAKE);
        assertThat(progress.admit(P0, "orders", 1, 2001)).isEqualTo(TAKE);
        assertThat(progress.takeSeeks()).isEmpty();
    }

    @Test
    void aRecordPastTheCheckedOneAfterTheSeekMeansItIsGoneAndTheTopicIsKept() {
        progress.read(P0, Map.of("orders", new Position(10, 900)));
        assertThat(progress.admit(P0, "orders", 12, 1200)).isEqualTo(SKIP);
        progress.takeSeeks();

        progress.beginPut();
        assertThat(progress.admit(P0, "orders", 11, 1100)).as("below where the consumer was: in the tables")
                .isEqualTo(SKIP);
        assertThat(progress.admit(P0, "orders", 12, 1200)).isEqualTo(TAKE);
        assertThat(progress.takeSeeks()).isEmpty();
    }

    @Test
    void aRefusedBatchSeeksBackToWhereTheTableNowStandsAndPassesOverTheRestOfThePut() {
        progress.read(P0, Map.of("orders", Position.at(10)));
        progress.took(P0, "orders", 19);
        Batch batch = new Batch(List.of(), Map.of(P0, 10L), Map.of(P0, Position.at(20)), 10);

        progress.refused("orders", batch, Map.of(P0, Position.at(15)));

        assertThat(progress.takeSeeks()).containsExactly(Map.entry(P0, 15L));
        assertThat(progress.admit(P0, "orders", 25, 1)).isEqualTo(SKIP);
        progress.beginPut();
        assertThat(progress.admit(P0, "orders", 14, 1)).isEqualTo(SKIP);
        assertThat(progress.admit(P0, "orders", 15, 1)).isEqualTo(TAKE);
        assertThat(progress.stored("orders", List.of(P0))).containsExactly(Map.entry(P0, Position.at(15)));
    }

    @Test
    void connectMayCommitTheFirstUncommittedRecordElseItsOwnPositionButNothingOfASoughtOrUnreadPartition() {
        progress.read(P0, Map.of());
        Map<TopicPartition, OffsetAndMetadata> delivered = Map.of(P0, new OffsetAndMetadata(30),
                P1, new OffsetAndMetadata(8));

        assertThat(progress.committable(Map.of(P0, 21L), delivered)).as("P1 not read yet")
                .containsExactly(Map.entry(P0, new OffsetAndMetadata(21)));
        assertThat(progress.committable(Map.of(), delivered))
                .containsExactly(Map.entry(P0, new OffsetAndMetadata(30)));
        progress.dropped("orders", Map.of(P0, 21L));
        assertThat(progress.committable(Map.of(), delivered)).isEmpty();
    }

    @Test
    void aClosedPartitionIsNeverSought() {
        progress.read(P0, Map.of());
        progress.read(P1, Map.of());
        progress.dropped("orders", Map.of(P0, 3L, P1, 5L));

        progress.closed(List.of(P1));

        assertThat(progress.takeSeeks()).containsExactly(Map.entry(P0, 3L));
    }

    @Test
    void partitionsWhoseUncommittedRecordsWereLostAreSoughtBackAndReadAgain() {
        progress.read(P0, Map.of("orders", Position.at(10)));
        progress.took(P0, "orders", 14);

        progress.lost(Map.of(P0, 10L));

        assertThat(progress.takeSeeks()).containsExactly(Map.entry(P0, 10L));
        assertThat(progress.unread()).containsExactlyInAnyOrder(P0, P1);
    }
}
