package dev.cdcflow.clickhouse;

import dev.cdcflow.localstack.LocalStack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Where a sink stands, read from ClickHouse's offsets table, and where its topic ends, for integration tests. */
final class SinkOffsets {

    private SinkOffsets() {
    }

    /** Per partition, the offset after the last one the connector stored in {@code database}'s offsets table. */
    static Map<TopicPartition, Long> stored(LocalStack stack, String database, String connector) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        for (List<String> row : stack.clickHouse().rows("SELECT topic, partition, max(offset) FROM " + database
                + "._cdcflow_offsets WHERE connector = '" + connector + "' GROUP BY topic, partition")) {
            stored.put(new TopicPartition(row.get(0), Integer.parseInt(row.get(1))), Long.parseLong(row.get(2)) + 1);
        }
        return stored;
    }

    /** The sum of {@link #stored}, 0 while the offsets table does not exist yet. */
    static long storedTotal(LocalStack stack, String database, String connector) {
        try {
            return stored(stack, database, connector).values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    /** The end offset of each of the topic's partitions. */
    static Map<TopicPartition, Long> ends(LocalStack stack, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        stack.kafka().admin().listOffsets(request).all().get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }
}
