package dev.cdcflow.seeder;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.seeder.model.GeneratorSettings;
import dev.cdcflow.seeder.model.ShopTransaction;
import dev.cdcflow.seeder.model.TrafficGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Harness benchmark of the seeder, through a real Connect worker on the local stack: sustained transactions per
 * second into the embedded PostgreSQL, and change events per second in Kafka mode; plus the generator alone, to show
 * where the limit is. Run: scripts/bench-seeder.sh
 */
public final class SeederBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private SeederBenchmark() {
    }

    public static void main(String[] args) {
        // Exits when done or failed: a thread a library leaves running must not keep the JVM (and the script) alive.
        JvmExit.runThenExit(() -> benchmark());
    }

    private static void benchmark() throws Exception {
        int postgresTransactions = Integer.getInteger("bench.postgres.transactions", 20_000);
        int kafkaTransactions = Integer.getInteger("bench.kafka.transactions", 50_000);
        System.out.printf("Generator alone (no I/O): %,.0f transactions/s%n", generatorOnly(200_000));
        double[] events = eventBuildingOnly(50_000);
        System.out.printf("Generator + change-event records (no Connect, no Kafka): %,.0f events/s%n", events[0]);
        try (LocalStack stack = LocalStack.fromSystemProperties().build().start()) {
            Map<String, String> ordersOnly = Map.of("mix.new.order", "1.0", "mix.new.customer", "0",
                    "mix.order.progress", "0", "mix.price.change", "0", "mix.customer.update", "0",
                    "mix.order.purge", "0", "mix.customer.erase", "0");
            report("PostgreSQL, 1 task, new orders only (1 order + 1-5 items each)",
                    postgres(stack, "bench_orders", 1, postgresTransactions, ordersOnly), postgresTransactions);
            report("PostgreSQL, 2 tasks, new orders only",
                    postgres(stack, "bench_orders2", 2, postgresTransactions / 2, ordersOnly), postgresTransactions);
            report("PostgreSQL, 1 task, default mix",
                    postgres(stack, "bench_mix", 1, postgresTransactions, Map.of()), postgresTransactions);
            Map<String, String> schemaless = Map.of("value.converter.schemas.enable", "false",
                    "key.converter.schemas.enable", "false");
            Map<String, String> tunedProducer = Map.of("producer.override.linger.ms", "20",
                    "producer.override.batch.size", "524288", "producer.override.compression.type", "lz4");
            kafkaReport(stack, "JSON with schemas (the default converter)", "bench_kafka", kafkaTransactions,
                    Map.of());
            kafkaReport(stack, "schemaless JSON", "bench_kafka_plain", kafkaTransactions, schemaless);
            Map<String, String> both = new HashMap<>(schemaless);
            both.putAll(tunedProducer);
            kafkaReport(stack, "schemaless JSON, producer linger 20 ms, 512 KiB batches, lz4", "bench_kafka_tuned",
                    kafkaTransactions, both);
            // In Connect the task thread also converts every record: a second task adds a second converting thread.
            Map<String, String> twoTasks = new HashMap<>(both);
            twoTasks.put("tasks.max", "2");
            kafkaReport(stack, "as above, 2 tasks", "bench_kafka_two", kafkaTransactions / 2, twoTasks);
        }
    }

    private static void kafkaReport(LocalStack stack, String converter, String schema, int transactionsPerTask,
                                    Map<String, String> overrides) {
        long[] result = kafka(stack, schema, transactionsPerTask, overrides);
        int tasks = Integer.parseInt(overrides.getOrDefault("tasks.max", "1"));
        System.out.printf("Kafka mode, default mix, %s: %,d change events in %.2f s = %,.0f events/s "
                + "(%,.0f transactions/s)%n", converter, result[1], result[0] / 1e9, result[1] / (result[0] / 1e9),
                (double) tasks * transactionsPerTask / (result[0] / 1e9));
    }

    /** Nanoseconds from the end of the full load to the last transaction committed in PostgreSQL. */
    private static long postgres(LocalStack stack, String schema, int tasks, int transactions,
                                 Map<String, String> mix) {
        Map<String, String> config = new HashMap<>(Map.of("rate.tps", "0", "max.transactions",
                Integer.toString(transactions), "max.transactions.per.poll", "2000", "tasks.max",
                Integer.toString(tasks)));
        config.putAll(mix);
        register(stack, schema, "postgres", config);
        // The slowest task decides when the run is over.
        String progress = "SELECT CASE WHEN count(*) = " + tasks + " THEN min(next_position) ELSE 0 END FROM "
                + schema + ".seeder_progress";
        Await.until("the full load of " + schema, TIMEOUT, () -> position(stack, progress) >= 1);
        long start = System.nanoTime();
        long startPosition = position(stack, progress);
        Await.until(transactions + " transactions in " + schema, TIMEOUT,
                () -> position(stack, progress) > transactions);
        long elapsed = System.nanoTime() - start;
        stack.connect().rest().deleteConnector("bench-" + schema);
        return elapsed * transactions / (transactions - startPosition + 1);
    }

    /** Nanoseconds and change events from the end of the full load to the last transaction in Kafka. */
    private static long[] kafka(LocalStack stack, String schema, int transactions, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of("rate.tps", "0", "max.transactions",
                Integer.toString(transactions), "max.transactions.per.poll", "2000"));
        config.putAll(overrides);
        register(stack, schema, "kafka", config);
        List<String> topics = List.of("customers", "products", "orders", "order_items").stream()
                .map(table -> "bench." + schema + "." + table).toList();
        String ledger = "ledger." + schema;
        int tasks = Integer.parseInt(config.getOrDefault("tasks.max", "1"));
        Await.until("the full load of " + schema, TIMEOUT, () -> endOffsets(stack, List.of(ledger)) >= tasks);
        long start = System.nanoTime();
        long eventsAtStart = endOffsets(stack, topics);
        long ledgerAtStart = endOffsets(stack, List.of(ledger));
        Await.until(transactions + " transactions per task in " + ledger, TIMEOUT,
                () -> endOffsets(stack, List.of(ledger)) >= (long) tasks * (transactions + 1));
        long elapsed = System.nanoTime() - start;
        long events = endOffsets(stack, topics) - eventsAtStart;
        stack.connect().rest().deleteConnector("bench-" + schema);
        long total = (long) tasks * (transactions + 1);
        return new long[] {elapsed * total / (total - ledgerAtStart), events};
    }

    private static void register(LocalStack stack, String schema, String target, Map<String, String> config) {
        ConnectorDefinition seeder = stack.render(LocalStack.template("storefront-seeder"), Map.of(
                "SEEDER_CONNECTOR_NAME", "bench-" + schema, "SEEDER_SCHEMA", schema, "SEEDER_TARGET", target,
                "SEEDER_LEDGER_TOPIC", "ledger." + schema, "TOPIC_PREFIX", "bench")).with(config);
        stack.connect().rest().putConnector(seeder);
    }

    private static long position(LocalStack stack, String sql) {
        try {
            return Long.parseLong(stack.postgres().query(sql).get(0).get(0));
        } catch (IllegalStateException noTableYet) {
            return 0;
        }
    }

    private static long endOffsets(LocalStack stack, List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : topics) {
                if (stack.kafka().topics().contains(topic)) {
                    request.put(new TopicPartition(topic, 0), OffsetSpec.latest());
                }
            }
            return stack.kafka().admin().listOffsets(request).all().get().values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read end offsets of " + topics, e);
        }
    }

    private static double generatorOnly(int transactions) {
        TrafficGenerator generator = new TrafficGenerator(defaultSettings());
        generator.skipTo(transactions / 4);
        long start = System.nanoTime();
        generator.skipTo(transactions / 4 + transactions);
        return transactions / ((System.nanoTime() - start) / 1e9);
    }

    /** The connector's defaults (mix, skew, data sizes): the traffic a user gets without options. */
    private static GeneratorSettings defaultSettings() {
        return new SeederConfig(Map.of("target", "kafka")).generatorSettings(0, 1);
    }

    private static void report(String what, long nanos, int transactions) {
        System.out.printf("%s: %,d transactions in %.2f s = %,.0f transactions/s%n", what, transactions, nanos / 1e9,
                transactions / (nanos / 1e9));
    }

    /** Change events per second when only generating and building the records a task hands to Connect. */
    private static double[] eventBuildingOnly(int transactions) {
        TrafficGenerator generator = new TrafficGenerator(defaultSettings());
        ChangeEventRecords records = new ChangeEventRecords("bench", "public", SeederOffsets.partition(0));
        generator.next();
        long events = 0;
        long start = System.nanoTime();
        for (int i = 0; i < transactions; i++) {
            List<SourceRecord> batch = new ArrayList<>();
            ShopTransaction transaction = generator.next();
            records.write(transaction, batch);
            events += batch.size();
        }
        return new double[] {events / ((System.nanoTime() - start) / 1e9)};
    }
}
