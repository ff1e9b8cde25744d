package dev.cdcflow.iceberg;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.PostgresServer;
import dev.cdcflow.localstack.S3Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Harness benchmark of the Iceberg stage beside Apache Iceberg's own Kafka Connect sink, in one run on the same
 * pre-filled topic with the same commit interval and tasks: rows per second from registration until the table holds
 * every row, and data files per commit. Rounds alternate the two. Run: scripts/bench-iceberg-stage.sh.
 */
public final class StageBenchmark {

    private static final String TOPIC = "bench.public.orders";
    private static final int PARTITIONS = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private StageBenchmark() {
    }

    public static void main(String[] args) {
        // Exits when done or failed: a thread a library leaves running must not keep the JVM (and the script) alive.
        JvmExit.runThenExit(() -> benchmark());
    }

    private static void benchmark() throws Exception {
        int rows = Integer.getInteger("bench.rows", 200_000);
        int rounds = Integer.getInteger("bench.rounds", 2);
        long commitMs = Long.getLong("bench.commit.ms", 10_000);
        Path peer = Path.of(System.getProperty("bench.peer.plugin"));
        Path workerLib = Path.of(System.getProperty("bench.worker.lib"));
        Path java = Path.of(System.getProperty("bench.worker.java"));
        try (LocalStack stack = LocalStack.fromSystemProperties().pluginFolder(peer).workerRuntime(workerLib, java)
                .build().start()) {
            stack.s3().createBucket("lakehouse");
            stack.postgres().execute("CREATE DATABASE bench_catalog");
            stack.kafka().createTopic(TOPIC, PARTITIONS);
            fill(stack, rows);
            System.out.printf("%,d rows (JSON with schemas, about %d bytes each) in %d partitions; %d tasks each; "
                    + "commit interval %,d ms; tables partitioned by day of event date%n", rows,
                    StageFixtures.row(1, "1.5").length(), PARTITIONS, PARTITIONS, commitMs);
            List<double[]> ours = new ArrayList<>();
            List<double[]> theirs = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                ours.add(run(stack, "stage", "ours" + round, ourConfig(stack, "ours" + round, commitMs), rows));
                theirs.add(run(stack, "peer", "peer" + round, peerConfig(stack, "peer" + round, commitMs), rows));
                System.out.printf("Round %d: stage %,.0f rows/s, %.1f data files per commit (%d commits); "
                        + "Apache Iceberg sink %,.0f rows/s, %.1f data files per commit (%d commits)%n", round,
                        ours.get(round - 1)[0], ours.get(round - 1)[1], (int) ours.get(round - 1)[2],
                        theirs.get(round - 1)[0], theirs.get(round - 1)[1], (int) theirs.get(round - 1)[2]);
            }
            System.out.printf("Medians of %d rounds: stage %,.0f rows/s with %.1f files per commit; Apache Iceberg "
                    + "sink %,.0f rows/s with %.1f files per commit%n", rounds, median(ours, 0), median(ours, 1),
                    median(theirs, 0), median(theirs, 1));
        }
    }

    /** Runs one connector until its table holds every row: rows/s, data files per commit with data, commits. */
    private static double[] run(LocalStack stack, String kind, String namespace, Map<String, String> config,
                                int rows) {
        String name = kind + "-" + namespace;
        JdbcCatalog catalog = catalog(stack);
        long start = System.nanoTime();
        stack.connect().rest().putConnector(new ConnectorDefinition(name, config));
        LongSupplier tableRows = () -> {
            TableIdentifier id = TableIdentifier.of(namespace, "orders");
            if (!catalog.tableExists(id)) {
                return 0;
            }
            Snapshot current = catalog.loadTable(id).currentSnapshot();
            return current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
        };
        Await.until(name + " to hold " + rows + " rows", TIMEOUT, () -> tableRows.getAsLong() >= rows);
        double seconds = (System.nanoTime() - start) / 1e9;
        stack.connect().rest().deleteConnector(name);
        Table table = catalog.loadTable(TableIdentifier.of(namespace, "orders"));
        long files = 0;
        int commits = 0;
        for (Snapshot snapshot : table.snapshots()) {
            long added = Long.parseLong(snapshot.summary().getOrDefault("added-data-files", "0"));
            if (added > 0) {
                files += added;
                commits++;
            }
        }
        if (tableRows.getAsLong() != rows) {
            throw new IllegalStateException(name + " holds " + tableRows.getAsLong() + " rows, not " + rows);
        }
        return new double[] {rows / seconds, (double) files / Math.max(1, commits), commits};
    }

    private static Map<String, String> ourConfig(LocalStack stack, String namespace, long commitMs) {
        Map<String, String> config = new HashMap<>(common());
        config.putAll(stageCatalog(stack, namespace));
        config.put("connector.class", IcebergStageSinkConnector.class.getName());
        config.put(IcebergStageConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitMs));
        return config;
    }

    /** Apache Iceberg's sink on the same catalog and bucket: its table made from the record schema. */
    private static Map<String, String> peerConfig(LocalStack stack, String namespace, long commitMs) {
        Map<String, String> config = new HashMap<>(common());
        config.put("connector.class", "org.apache.iceberg.connect.IcebergSinkConnector");
        config.put("iceberg.tables", namespace + ".orders");
        config.put("iceberg.tables.auto-create-enabled", "true");
        config.put("iceberg.tables.default-partition-by", "_event_date");
        config.put("iceberg.control.topic", "control-" + namespace);
        config.put("iceberg.kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        config.put("iceberg.control.commit.interval-ms", Long.toString(commitMs));
        config.put("iceberg.catalog", "bench");
        config.put("iceberg.catalog.catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        config.put("iceberg.catalog.uri", stack.postgres().jdbcUrl("bench_catalog"));
        config.put("iceberg.catalog.jdbc.user", PostgresServer.USER);
        config.put("iceberg.catalog.jdbc.password", PostgresServer.PASSWORD);
        config.put("iceberg.catalog.jdbc.schema-version", "V1");
        config.put("iceberg.catalog.warehouse", "s3://lakehouse/bench");
        config.put("iceberg.catalog.io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        config.put("iceberg.catalog.s3.endpoint", stack.s3().endpoint().toString());
        config.put("iceberg.catalog.s3.path-style-access", "true");
        config.put("iceberg.catalog.s3.access-key-id", S3Server.ACCESS_KEY);
        config.put("iceberg.catalog.s3.secret-access-key", S3Server.SECRET_KEY);
        config.put("iceberg.catalog.client.region", S3Server.REGION);
        config.put("iceberg.catalog.http-client.type", "urlconnection");
        return config;
    }

    private static Map<String, String> common() {
        return Map.of("topics", TOPIC, "tasks.max", Integer.toString(PARTITIONS),
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "true", "consumer.override.max.poll.records", "2000");
    }

    /** The stage's settings for the benchmark's catalog database and warehouse. */
    private static Map<String, String> stageCatalog(LocalStack stack, String namespace) {
        Map<String, String> config = new HashMap<>(StageFixtures.catalogConfig(stack, "bench_catalog", namespace));
        config.put(IcebergStageConfig.CATALOG_NAME_CONFIG, "bench");
        config.put(IcebergStageConfig.WAREHOUSE_CONFIG, "s3://lakehouse/bench");
        return config;
    }

    private static JdbcCatalog catalog(LocalStack stack) {
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.initialize("bench", StageCatalog.properties(new IcebergStageConfig(stageCatalog(stack, "bench"))));
        return catalog;
    }

    private static void fill(LocalStack stack, int rows) {
        long start = System.nanoTime();
        List<ProducerRecord<String, String>> batch = new ArrayList<>();
        for (int id = 1; id <= rows; id++) {
            batch.add(new ProducerRecord<>(TOPIC, "{\"id\":" + id + "}", StageFixtures.row(id, id + ".5")));
            if (batch.size() == 10_000) {
                stack.kafka().send(batch);
                batch.clear();
            }
        }
        stack.kafka().send(batch);
        System.out.printf("Pre-filled %s with %,d rows in %.1f s%n", TOPIC, rows, (System.nanoTime() - start) / 1e9);
    }

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(run -> run[index]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
