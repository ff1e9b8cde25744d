package dev.cdcflow.iceberg.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When commits are due, and pending batches committed in order, the first failure keeping itself and the rest. */
class CommitScheduleTest {

    private static final TopicPartition P0 = new TopicPartition("shop.public.orders", 0);
    private static final TopicPartition P1 = new TopicPartition("shop.public.customers", 0);

    private final List<String> committed = new ArrayList<>();
    private final CommitSchedule.Listener listener = new CommitSchedule.Listener() {
        @Override
        public Map<TopicPartition, Position> expected(String table, Set<TopicPartition> partitions) {
            return Map.of();
        }

        @Override
        public void committed(String table, Batch batch) {
            committed.add(table);
        }

        @Override
        public void refused(String table, Batch batch, Map<TopicPartition, Position> now) {
            committed.add("refused " + table);
        }
    };

    @Test
    void aCommitIsDueAfterTheIntervalAtTheHeapCapOrWhileABatchIsPending() {
        CommitSchedule schedule = new CommitSchedule(new TableCommitter("sink"), 1_000, 100, 0);

        assertThat(schedule.due(999, 99)).isFalse();
        assertThat(schedule.due(1_000, 0)).isTrue();
        assertThat(schedule.due(10, 100)).isTrue();
        assertThat(schedule.full(100)).isTrue();
        schedule.add("orders", batch(P0), 10);
        assertThat(schedule.due(11, 0)).as("pending").isTrue();
        assertThat(schedule.firstOffsets()).containsExactly(Map.entry(P0, 0L));
    }

    @Test
    void pendingBatchesAreCommittedInOrderAndAFailureKeepsItselfAndTheRest() {
        InMemoryCatalog catalog = new InMemoryCatalog();
        catalog.initialize("mem", Map.of());
        catalog.createNamespace(Namespace.of("stage"));
        Table orders = catalog.createTable(TableIdentifier.of("stage", "orders"),
                new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())), PartitionSpec.unpartitioned());
        CommitSchedule schedule = new CommitSchedule(new TableCommitter("sink"), 1_000, 100, 0);
        schedule.add("orders", batch(P0), 0);
        schedule.add("customers", batch(P1), 0);

        assertThatThrownBy(() -> schedule.commitPending(table -> {
            if (table.equals("customers")) {
                throw new IllegalStateException("the catalog is away");
            }
            return orders;
        }, listener)).hasMessageContaining("the catalog is away");
        assertThat(committed).containsExactly("orders");
        assertThat(schedule.firstOffsets()).containsOnlyKeys(P1);

        schedule.commitPending(table -> orders, listener);
        assertThat(committed).containsExactly("orders", "customers");
        assertThat(schedule.hasPending()).isFalse();
    }

    /** A batch with no files: it only moves the partition's position from 0 to 1. */
    private static Batch batch(TopicPartition partition) {
        return new Batch(List.of(), Map.of(partition, 0L), Map.of(partition, Position.at(1)), 0);
    }
}
