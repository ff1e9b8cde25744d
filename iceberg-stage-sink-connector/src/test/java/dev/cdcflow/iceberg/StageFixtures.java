package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.iceberg.commit.TableOffsets;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.PostgresServer;
import dev.cdcflow.localstack.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** The stage tests' topic rows, connector definition, and readers of what the stage table holds. */
final class StageFixtures {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String STAGE = """
            tables:
              orders:
                columns:
                  - {name: id, type: long}
                  - {name: status, type: string}
                  - {name: total, from: total_amount, type: "decimal(12, 2)"}
                  - {name: placed_at, type: timestamp}
                  - {name: event_date, from: _event_date, type: date}
                  - {name: event_date_source, from: _event_date_source, type: string}
                partition_by: [day(event_date)]
            """;
    static final String VALUE_SCHEMA = "{\"type\":\"struct\",\"name\":\"orders.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"status\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"total_amount\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"placed_at\",\"type\":\"int64\",\"optional\":true,"
            + "\"name\":\"io.debezium.time.MicroTimestamp\"},"
            + "{\"field\":\"_event_date\",\"type\":\"int32\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Date\"},"
            + "{\"field\":\"_event_date_source\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false}]}";
    /** 2024-03-01 and the two days after it, as epoch days. */
    static final int FIRST_DAY = (int) LocalDate.of(2024, 3, 1).toEpochDay();

    private StageFixtures() {
    }

    /**
     * Waits until the stage table holds every offset of the topic (the connector has written or rejected all of
     * it): then every row is in, or missing for good.
     */
    static void awaitAllCommitted(LocalStack stack, String connector, String namespace, String topic) {
        awaitAllCommitted(stack, catalogConfig(stack, namespace), connector, topic);
    }

    /** As above, the table read through the catalog that {@code catalog} (connector settings) opens. */
    static void awaitAllCommitted(LocalStack stack, Map<String, String> catalog, String connector, String topic) {
        Map<TopicPartition, Long> ends = endOffsets(stack, topic);
        Await.until("the table's offsets at the end of " + topic, TIMEOUT, () -> nextOffsets(
                table(catalog, "orders"), connector).equals(ends));
    }

    /** Where the table stands, per partition: the next offset. */
    static Map<TopicPartition, Long> nextOffsets(Table table, String connector) {
        Map<TopicPartition, Long> next = new HashMap<>();
        TableOffsets.read(table, connector).forEach((partition, position) -> next.put(partition, position.next()));
        return next;
    }

    /** The locations of the table's data files, each as often as the table lists it. */
    static List<String> dataFileLocations(LocalStack stack, String namespace) {
        return dataFileLocations(catalogConfig(stack, namespace));
    }

    static List<String> dataFileLocations(Map<String, String> catalog) {
        return dataFiles(table(catalog, "orders")).stream().map(DataFile::location).toList();
    }

    /** The end offset of every partition of {@code topics}. */
    static Map<TopicPartition, Long> endOffsets(LocalStack stack, String... topics) {
        try {
            Set<String> names = Set.of(topics);
            Map<TopicPartition, OffsetSpec> latest = stack.kafka().admin().describeTopics(names).allTopicNames().get()
                    .values().stream().flatMap(topic -> topic.partitions().stream()
                            .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                    .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            stack.kafka().admin().listOffsets(latest).all().get()
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertRowsAre(List<Record> rows, int first, int last) {
        assertThat(rows).hasSize(last - first + 1);
        Map<Long, Record> byId = new HashMap<>();
        rows.forEach(row -> byId.put((Long) row.getField("id"), row));
        for (int id = first; id <= last; id++) {
            Record row = byId.get((long) id);
            assertThat(row).as("row %d", id).isNotNull();
            assertThat(row.getField("status")).isEqualTo(id % 2 == 0 ? "paid" : "pending");
            assertThat(row.getField("total")).isEqualTo(new BigDecimal(id + ".50"));
            assertThat(row.getField("placed_at")).isEqualTo(OffsetDateTime.parse("2024-03-01T10:00:00.000123Z")
                    .plusDays(id % 3));
            assertThat(row.getField("event_date")).isEqualTo(LocalDate.ofEpochDay(FIRST_DAY + id % 3));
            assertThat(row.getField("event_date_source")).isEqualTo("placed_at");
        }
    }

    static List<Map.Entry<String, String>> orders(int first, int last) {
        List<Map.Entry<String, String>> orders = new ArrayList<>();
        for (int id = first; id <= last; id++) {
            orders.add(Map.entry("{\"id\":" + id + "}", row(id, id + ".5")));
        }
        return orders;
    }

    static String row(int id, String total) {
        long placedAtMicros = OffsetDateTime.parse("2024-03-01T10:00:00.000123Z").plusDays(id % 3).toInstant()
                .toEpochMilli() * 1_000L + 123;
        return "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":{\"id\":" + id + ",\"status\":\""
                + (id % 2 == 0 ? "paid" : "pending") + "\",\"total_amount\":\"" + total + "\",\"placed_at\":"
                + placedAtMicros + ",\"_event_date\":" + (FIRST_DAY + id % 3)
                + ",\"_event_date_source\":\"placed_at\",\"_version\":" + id + "}}";
    }

    /** The stage connector for one topic, its namespace the topic's first part, its dead letters in ice-dlq. */
    static ConnectorDefinition definition(LocalStack stack, String name, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", IcebergStageSinkConnector.class.getName());
        config.put("topics", topic);
        config.put("tasks.max", "2");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", "stage-dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.putAll(catalogConfig(stack, topic.substring(0, topic.indexOf('.'))));
        config.put(IcebergStageConfig.STAGE_CONFIG, STAGE);
        config.put(IcebergStageConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        return new ConnectorDefinition(name, config);
    }

    static Map<String, String> catalogConfig(LocalStack stack, String namespace) {
        return catalogConfig(stack, PostgresServer.DATABASE, namespace);
    }

    /** The stage's catalog and S3 settings on the local stack, the catalog in {@code database}. */
    static Map<String, String> catalogConfig(LocalStack stack, String database, String namespace) {
        return Map.of(IcebergStageConfig.CATALOG_URI_CONFIG, stack.postgres().jdbcUrl(database),
                IcebergStageConfig.CATALOG_USER_CONFIG, PostgresServer.USER,
                IcebergStageConfig.CATALOG_PASSWORD_CONFIG, PostgresServer.PASSWORD,
                IcebergStageConfig.NAMESPACE_CONFIG, namespace,
                IcebergStageConfig.S3_ENDPOINT_CONFIG, stack.s3().endpoint().toString(),
                IcebergStageConfig.S3_ACCESS_KEY_CONFIG, S3Server.ACCESS_KEY,
                IcebergStageConfig.S3_SECRET_KEY_CONFIG, S3Server.SECRET_KEY,
                IcebergStageConfig.STAGE_CONFIG, STAGE);
    }

    static Table table(LocalStack stack, String namespace, String name) {
        return table(catalogConfig(stack, namespace), name);
    }

    /** Changes the stage table as another writer would (through its own catalog, open while {@code change} runs). */
    static void change(Map<String, String> catalogConfig, String name, Consumer<Table> change) {
        try (StageCatalog catalog = new StageCatalog(new IcebergStageConfig(catalogConfig))) {
            change.accept(catalog.table(StageConfig.parse(STAGE).table(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Table table(Map<String, String> catalogConfig, String name) {
        try (StageCatalog catalog = new StageCatalog(new IcebergStageConfig(catalogConfig))) {
            return catalog.table(StageConfig.parse(STAGE).table(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Record> rows(LocalStack stack, String namespace) {
        return rows(catalogConfig(stack, namespace));
    }

    static List<Record> rows(Map<String, String> catalogConfig) {
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table(catalogConfig, "orders")).build()) {
            List<Record> all = new ArrayList<>();
            rows.forEach(row -> all.add(row.copy()));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<DataFile> dataFiles(Table table) {
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            return StreamSupport.stream(tasks.spliterator(), false).map(FileScanTask::file)
                    .map(file -> (DataFile) file).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
