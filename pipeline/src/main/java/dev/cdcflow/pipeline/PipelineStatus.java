package dev.cdcflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcflow.localstack.ConnectWorker;
import dev.cdcflow.localstack.LocalStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads where the pipeline stands, from the services themselves: Connect, PostgreSQL, ClickHouse, S3, the Iceberg
 * catalog and Kafka.
 */
public final class PipelineStatus {

    /** A connector's state and its tasks' states, as Connect reports them. */
    public record ConnectorState(String name, String state, List<String> tasks) {
    }

    /**
     * Rows of a table: in PostgreSQL, current (FINAL, deletes applied) in ClickHouse, and change rows (every version)
     * in its Iceberg stage table with the stage table's snapshots; -1 when not there yet.
     */
    public record TableRows(String table, long postgres, long clickHouse, long stageRows, long stageSnapshots) {
    }

    /**
     * Everything the status screen shows.
     *
     * @param lag           per sink connector, records in its topics not yet committed
     * @param rejectedRows  rows in ClickHouse's rejected_rows
     * @param lastRejection the newest rejection's table, column and message, or null
     */
    public record Snapshot(List<ConnectorState> connectors, List<TableRows> tables, long s3Objects, long s3Bytes,
                           Map<String, Long> lag, long rejectedRows, String lastRejection) {
    }

    private final LocalStack stack;

    public PipelineStatus(LocalStack stack) {
        this.stack = stack;
    }

    public Snapshot take() {
        List<TableRows> tables = new ArrayList<>();
        Map<String, StageTables.StageTable> stage = new LinkedHashMap<>();
        try {
            StageTables.read(stack).forEach(table -> stage.put(table.table(), table));
        } catch (RuntimeException notThereYet) {
            // Shown as dashes.
        }
        for (String table : StorefrontPipeline.TABLES) {
            StageTables.StageTable staged = stage.get(table);
            tables.add(new TableRows(table, postgresRows(table), clickHouseRows(table),
                    staged == null ? -1 : staged.rows(), staged == null ? -1 : staged.snapshots()));
        }
        List<S3Object> objects = objects();
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String sink : List.of(StorefrontPipeline.CLICKHOUSE_SINK, StorefrontPipeline.S3_SINK,
                StorefrontPipeline.ICEBERG_STAGE)) {
            lag.put(sink, lag(sink));
        }
        String rejected = "SELECT count() FROM " + StorefrontPipeline.CLICKHOUSE_DATABASE + ".rejected_rows";
        String newest = "SELECT concat(topic, ' ', column, ': ', message) FROM "
                + StorefrontPipeline.CLICKHOUSE_DATABASE + ".rejected_rows ORDER BY rejected_at DESC, offset DESC "
                + "LIMIT 1";
        return new Snapshot(connectors(), tables, objects.size(), objects.stream().mapToLong(S3Object::size).sum(),
                lag, orMinusOne(() -> Long.parseLong(stack.clickHouse().scalar(rejected))),
                orNull(() -> stack.clickHouse().rows(newest).get(0).get(0)));
    }

    private List<ConnectorState> connectors() {
        List<ConnectorState> states = new ArrayList<>();
        List<ConnectWorker> workers = stack.workers();
        // Any running worker answers for the group: the first may be the one killed.
        ConnectWorker answering = workers.stream().filter(ConnectWorker::isRunning).findFirst()
                .orElse(stack.connect());
        for (String name : StorefrontPipeline.CONNECTORS) {
            try {
                JsonNode status = answering.rest().status(name);
                List<String> tasks = new ArrayList<>();
                status.path("tasks").forEach(task -> tasks.add(task.path("state").asText()
                        + (workers.size() > 1 ? "@" + workerLabel(workers, task.path("worker_id").asText()) : "")));
                states.add(new ConnectorState(name, status.path("connector").path("state").asText(), tasks));
            } catch (RuntimeException notThere) {
                states.add(new ConnectorState(name, "NOT REGISTERED", List.of()));
            }
        }
        return states;
    }

    /** "w2" for the second worker of the group, by the REST address Connect names a worker with. */
    private static String workerLabel(List<ConnectWorker> workers, String workerId) {
        for (int i = 0; i < workers.size(); i++) {
            ConnectWorker worker = workers.get(i);
            if (worker.isRunning() && workerId.equals(worker.workerId())) {
                return "w" + (i + 1);
            }
        }
        return workerId;
    }

    private long postgresRows(String table) {
        return orMinusOne(() -> Long.parseLong(stack.postgres().query("SELECT count(*) FROM " + table).get(0).get(0)));
    }

    private long clickHouseRows(String table) {
        return orMinusOne(() -> Long.parseLong(stack.clickHouse().scalar("SELECT count() FROM "
                + StorefrontPipeline.CLICKHOUSE_DATABASE + "." + table + " FINAL WHERE _is_deleted = 0")));
    }

    private List<S3Object> objects() {
        try {
            return stack.s3().client().listObjectsV2Paginator(request -> request.bucket(StorefrontPipeline.BUCKET)
                    .prefix(StorefrontPipeline.S3_PREFIX + "/")).contents().stream().toList();
        } catch (RuntimeException noBucketYet) {
            return List.of();
        }
    }

    /**
     * Records of the pipeline's topics past the sink's committed offsets (its consumer group is connect-&lt;name&gt;;
     * a partition it has not committed yet counts from its start).
     */
    private long lag(String connector) {
        Admin admin = stack.kafka().admin();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            List<String> topics = StorefrontPipeline.TABLES.stream()
                    .map(table -> StorefrontPipeline.TOPIC_PREFIX + ".public." + table)
                    .filter(stack.kafka().topics()::contains).toList();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description
                    .partitions().forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().mapToLong(end -> {
                OffsetAndMetadata done = committed.get(end.getKey());
                return end.getValue().offset() - (done == null ? 0 : done.offset());
            }).sum();
        } catch (ExecutionException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long orMinusOne(LongSupplier value) {
        try {
            return value.getAsLong();
        } catch (RuntimeException notThereYet) {
            return -1;
        }
    }

    private static String orNull(Supplier<String> value) {
        try {
            String text = value.get();
            return text == null || text.isBlank() ? null : text;
        } catch (RuntimeException notThereYet) {
            return null;
        }
    }
}
