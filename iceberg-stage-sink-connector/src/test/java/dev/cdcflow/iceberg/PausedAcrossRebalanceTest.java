package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/**
 * A task pauses its partitions while the catalog or S3 is away. When the group rebalances meanwhile and gives a paused
 * partition back to the same task, Connect pauses it again before opening it: the task must resume it, or the
 * partition is never read again. No service is needed: the catalog is a port nobody listens on.
 */
class PausedAcrossRebalanceTest {

    private static final TopicPartition PARTITION = new TopicPartition("orders", 0);

    @Test
    void aPartitionPausedWhenTheGroupRebalancesIsReadAgainOnceGivenBack() {
        RebalancingContext context = new RebalancingContext();
        IcebergStageSinkTask task = new IcebergStageSinkTask();
        task.initialize(context);
        task.start(unreachableCatalog());
        try {
            context.assign(task, Set.of(PARTITION));
            task.put(List.of(new SinkRecord("orders", 0, null, null, null, "{}", 7)));
            assertThat(context.paused).as("paused while the catalog is away").containsExactly(PARTITION);

            context.rebalance(task, Set.of(PARTITION));

            assertThat(context.paused).as("paused after the partition came back").isEmpty();
        } finally {
            task.stop();
        }
    }

    private static Map<String, String> unreachableCatalog() {
        Map<String, String> config = new HashMap<>();
        config.put("name", "paused-stage");
        config.put(IcebergStageConfig.CATALOG_URI_CONFIG, "jdbc:postgresql://127.0.0.1:1/catalog");
        config.put(IcebergStageConfig.CATALOG_USER_CONFIG, "nobody");
        config.put(IcebergStageConfig.NAMESPACE_CONFIG, "paused");
        config.put(IcebergStageConfig.STAGE_CONFIG, StageFixtures.STAGE);
        return config;
    }

    /**
     * What Connect's worker does with pauses: it keeps the partitions a task paused, and when a rebalance gives them
     * back to the same task, pauses them again before the task's open.
     */
    private static final class RebalancingContext implements SinkTaskContext {
        final Set<TopicPartition> assigned = new HashSet<>();
        final Set<TopicPartition> paused = new HashSet<>();

        void assign(IcebergStageSinkTask task, Set<TopicPartition> partitions) {
            assigned.addAll(partitions);
            task.open(partitions);
        }

        /** An eager rebalance: every partition is closed, then the same ones given back. */
        void rebalance(IcebergStageSinkTask task, Set<TopicPartition> partitions) {
            task.close(Set.copyOf(assigned));
            Set<TopicPartition> pausedByTask = new HashSet<>(paused);
            assigned.clear();
            paused.clear();
            assigned.addAll(partitions);
            pausedByTask.retainAll(partitions);
            paused.addAll(pausedByTask);
            task.open(partitions);
        }

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition partition, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.copyOf(assigned);
        }

        @Override
        public void pause(TopicPartition... partitions) {
            paused.addAll(Arrays.asList(partitions));
        }

        @Override
        public void resume(TopicPartition... partitions) {
            Arrays.asList(partitions).forEach(paused::remove);
        }

        @Override
        public void requestCommit() {
        }

        /** As on a worker before Kafka 4.1: the task keeps its metrics to itself. */
        @Override
        public PluginMetrics pluginMetrics() {
            throw new NoSuchMethodError("SinkTaskContext.pluginMetrics()");
        }
    }
}
