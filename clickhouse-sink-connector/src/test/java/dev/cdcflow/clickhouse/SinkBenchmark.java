package dev.cdcflow.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import dev.cdcflow.common.SchemaNames;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Harness benchmark of the ClickHouse sink: rows/s from a pre-filled topic of flattened order rows through a real
 * Connect worker into ClickHouse, next to client-v2's direct RowBinary insert of the same rows, in one run.
 * Run: scripts/bench-clickhouse-sink.sh (-Dbench.rows=N, default 1,000,000).
 */
public final class SinkBenchmark {

    private static final String TOPIC = "bench.public.orders";
    private static final String KEY_SCHEMA = "{\"type\":\"struct\",\"name\":\"k\",\"optional\":false,\"fields\":"
            + "[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]}";
    private static final String VALUE_SCHEMA = "{\"type\":\"struct\",\"name\":\"orders.Value\",\"optional\":false,"
            + "\"fields\":[" + String.join(",",
                    f("id", "\"int64\""), f("customer_id", "\"int64\""), f("status", "\"string\""),
                    f("total_amount", "\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
                            + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"12\"}"),
                    f("placed_at", "\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\""),
                    f("_op", "\"string\""), f("_version", "\"int64\""), f("_is_deleted", "\"int8\""),
                    f("_source_ts_ms", "\"int64\""),
                    f("_event_date", "\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\"")) + "]}";
    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled"};

    private static final Schema VALUE = SchemaBuilder.struct().name("orders.Value")
            .field("id", Schema.INT64_SCHEMA).field("customer_id", Schema.INT64_SCHEMA)
            .field("status", Schema.STRING_SCHEMA)
            .field("total_amount", Decimal.builder(2).parameter(SchemaNames.DECIMAL_PRECISION_PARAMETER, "12").build())
            .field("placed_at", Timestamp.SCHEMA).field("_op", Schema.STRING_SCHEMA)
            .field("_version", Schema.INT64_SCHEMA).field("_is_deleted", Schema.INT8_SCHEMA)
            .field("_source_ts_ms", Schema.INT64_SCHEMA).field("_event_date", Date.SCHEMA)
            .build();
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();

    private SinkBenchmark() {
    }

    public static void main(String[] args) {
        // Exits when done or failed: a thread a library leaves running must not keep the JVM (and the script) alive.
        JvmExit.runThenExit(() -> benchmark());
    }

    private static void benchmark() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int batch = Integer.getInteger("bench.batch", 100_000);
        try (LocalStack stack = LocalStack.fromSystemProperties().build().start()) {
            stack.kafka().createTopic(TOPIC, 2);
            long start = System.nanoTime();
            prefill(stack, rows);
            System.out.printf("Pre-filled %s with %,d rows in %.1f s%n", TOPIC, rows, seconds(start));

            stack.clickHouse().execute("CREATE DATABASE IF NOT EXISTS bench");
            // Alternating rounds, medians reported: single short runs swing widely on this machine.
            int rounds = Integer.getInteger("bench.rounds", 5);
            double[] directRates = new double[rounds];
            double[] sinkRates = new double[rounds];
            // One discarded round first: the JIT compiles both paths before anything is timed.
            direct(stack, rows, batch, -1);
            sinkWritePath(stack, rows, batch);
            for (int round = 0; round < rounds; round++) {
                directRates[round] = direct(stack, rows, batch, round);
                sinkRates[round] = sinkWritePath(stack, rows, batch);
                System.out.printf("Round %d: direct client-v2 %,.0f rows/s, sink write path %,.0f rows/s (%.0f %%)%n",
                        round + 1, directRates[round], sinkRates[round], 100 * sinkRates[round] / directRates[round]);
            }
            double direct = median(directRates);
            double inProcess = median(sinkRates);
            System.out.printf("Direct client-v2 RowBinary insert, %,d-row batches, median of %d: %,.0f rows/s%n",
                    batch, rounds, direct);
            System.out.printf("Sink write path in process (records already converted: no Kafka, no JSON), median of "
                    + "%d: %,.0f rows/s (%.0f %% of direct)%n", rounds, inProcess, 100 * inProcess / direct);

            System.out.printf("The task's heap for one full batch (%,d encoded rows buffered, after GC): %.1f MB%n",
                    batch, heldBatchMb(stack, batch));
            double converter = converterRate(Math.min(rows, 200_000));
            System.out.printf("JsonConverter alone (schemas on, key and value, one thread, no Kafka, no sink): "
                    + "%,.0f records/s (%.0f %% of direct)%n", converter, 100 * converter / direct);

            start = System.nanoTime();
            stack.connect().rest().putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                    "CLICKHOUSE_SINK_NAME", "bench-sink", "CLICKHOUSE_SINK_TOPICS_REGEX", "bench\\.public\\.orders",
                    "CLICKHOUSE_DATABASE", "bench", "CLICKHOUSE_BATCH_MAX_ROWS", Integer.toString(batch),
                    "CLICKHOUSE_SINK_MAX_POLL_RECORDS", "10000", "CLICKHOUSE_SINK_TASKS", "2"))
                    .with(Map.of("transforms", "")));
            Await.until("all offsets stored", Duration.ofMinutes(20), () -> stored(stack) >= rows);
            double elapsed = seconds(start);
            System.out.printf("Sink through the Connect worker (JSON with schemas, 2 tasks), %,d-row batches: "
                    + "%,d rows in %.2f s = %,.0f rows/s (%.0f %% of direct)%n", batch, rows, elapsed, rows / elapsed,
                    100 * rows / elapsed / direct);
            System.out.printf("Rows in bench.orders FINAL: %s%n",
                    stack.clickHouse().scalar("SELECT count() FROM bench.orders FINAL"));
        }
    }

    /** Records/s of JsonConverter turning the benchmark's key and value bytes into Connect data, on one thread. */
    private static double converterRate(int count) {
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        byte[][] keyBytes = new byte[count][];
        byte[][] valueBytes = new byte[count][];
        for (int i = 0; i < count; i++) {
            keyBytes[i] = key(i).getBytes(StandardCharsets.UTF_8);
            valueBytes[i] = value(i).getBytes(StandardCharsets.UTF_8);
        }
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                keys.toConnectData(TOPIC, keyBytes[i]);
                values.toConnectData(TOPIC, valueBytes[i]);
            }
            best = Math.max(best, count / seconds(start));
        }
        return best;
    }

    private static String key(long i) {
        return "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + i + "}}";
    }

    private static String value(long i) {
        return "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":" + payload(i) + "}";
    }

    private static void prefill(LocalStack stack, int rows) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < rows; i++) {
                producer.send(new ProducerRecord<>(TOPIC, key(i), value(i)));
            }
            producer.flush();
        }
    }

    private static String payload(long i) {
        return "{\"id\":" + i + ",\"customer_id\":" + (i % 10_000) + ",\"status\":\"" + STATUSES[(int) (i % 5)]
                + "\",\"total_amount\":\"" + Base64.getEncoder().encodeToString(
                        BigDecimal.valueOf(1000 + i % 50_000).unscaledValue().toByteArray())
                + "\",\"placed_at\":" + (1_767_225_600_000L + i * 1000) + ",\"_op\":\"c\",\"_version\":" + (i + 1)
                + ",\"_is_deleted\":0,\"_source_ts_ms\":" + (1_767_225_600_000L + i * 1000)
                + ",\"_event_date\":" + (20454 + i / 86_400) + "}";
    }

    /** Rows per second of client-v2 inserting the same rows, built in memory first. */
    private static double direct(LocalStack stack, int rows, int batch, int round) throws Exception {
        String table = "orders_direct_" + (round + 1);
        stack.clickHouse().execute("CREATE TABLE bench." + table + " (id Int64, customer_id Int64, status String, "
                + "total_amount Decimal(12, 2), placed_at Int64, _op String, _version UInt64, _is_deleted UInt8, "
                + "_source_ts_ms Int64, _event_date Date) ENGINE = ReplacingMergeTree(_version) ORDER BY id");
        List<ClickHouseColumn> columns = List.of(ClickHouseColumn.of("id", "Int64"),
                ClickHouseColumn.of("customer_id", "Int64"), ClickHouseColumn.of("status", "String"),
                ClickHouseColumn.of("total_amount", "Decimal(12, 2)"), ClickHouseColumn.of("placed_at", "Int64"),
                ClickHouseColumn.of("_op", "String"), ClickHouseColumn.of("_version", "UInt64"),
                ClickHouseColumn.of("_is_deleted", "UInt8"), ClickHouseColumn.of("_source_ts_ms", "Int64"),
                ClickHouseColumn.of("_event_date", "Date"));
        TableSchema schema = new TableSchema(table, null, "bench", columns);
        List<String> names = columns.stream().map(ClickHouseColumn::getColumnName).toList();
        try (Client client = new Client.Builder().addEndpoint(stack.clickHouse().httpUrl()).setUsername("default")
                .setPassword("").compressServerResponse(false).build()) {
            long start = System.nanoTime();
            for (int from = 0; from < rows; from += batch) {
                int to = Math.min(rows, from + batch);
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                RowBinaryFormatWriter writer = new RowBinaryFormatWriter(buffer, schema, ClickHouseFormat.RowBinary);
                for (long i = from; i < to; i++) {
                    writer.setValue(1, i);
                    writer.setValue(2, i % 10_000);
                    writer.setValue(3, STATUSES[(int) (i % 5)]);
                    writer.setValue(4, BigDecimal.valueOf(1000 + i % 50_000, 2));
                    writer.setValue(5, 1_767_225_600_000L + i * 1000);
                    writer.setValue(6, "c");
                    writer.setValue(7, i + 1);
                    writer.setValue(8, 0);
                    writer.setValue(9, 1_767_225_600_000L + i * 1000);
                    writer.setValue(10, LocalDate.ofEpochDay(20454 + i / 86_400));
                    writer.commitRow();
                }
                client.insert("bench." + table, names, new ByteArrayInputStream(buffer.toByteArray()),
                        ClickHouseFormat.RowBinary, new InsertSettings()).get(5, TimeUnit.MINUTES).close();
            }
            return rows / seconds(start);
        }
    }

    /**
     * The sink's own cost: the same rows as Connect records with schemas, built in memory first, through the task's
     * writer (table plan, value conversion, RowBinary encoding, insert, offsets) into ClickHouse.
     */
    private static double sinkWritePath(LocalStack stack, int rows, int batch) {
        List<SinkRecord> records = new ArrayList<>(rows);
        for (long i = 0; i < rows; i++) {
            // One table for every round (its own: a table takes one topic), created by the warm-up round: the timed
            // rounds measure steady writing.
            records.add(record("inproc.public.orders_in_process", i));
        }
        try (InProcessWriter sink = inProcess(stack, batch)) {
            long start = System.nanoTime();
            records.forEach(sink::put);
            sink.writer().flushAll();
            return rows / seconds(start);
        }
    }

    /**
     * Megabytes of heap the sink's writer holds with one full batch buffered, records made and dropped one at a
     * time as Connect hands them over: the difference of the used heap after GC before and after.
     */
    private static double heldBatchMb(LocalStack stack, int batch) {
        try (InProcessWriter sink = inProcess(stack, batch + 1)) {
            sink.writer().add(record("heap.public.orders_heap", 0));
            long before = usedHeapAfterGc();
            for (long i = 1; i < batch; i++) {
                sink.writer().add(record("heap.public.orders_heap", i));
            }
            long after = usedHeapAfterGc();
            return (after - before) / (1024.0 * 1024.0);
        }
    }

    /** The sink's writer, flushing at {@code batchRows} rows only; a record it cannot write stops the benchmark. */
    private static InProcessWriter inProcess(LocalStack stack, int batchRows) {
        return new InProcessWriter(stack, "bench", Map.of("batch.max.rows", Integer.toString(batchRows),
                "batch.max.wait.ms", "3600000"), (record, table, error) -> {
                    throw error;
                });
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** The benchmark's order row {@code i} as a Connect record with schemas, as the converter would hand it over. */
    private static SinkRecord record(String topic, long i) {
        Struct value = new Struct(VALUE).put("id", i).put("customer_id", i % 10_000)
                .put("status", STATUSES[(int) (i % 5)]).put("total_amount", BigDecimal.valueOf(1000 + i % 50_000, 2))
                .put("placed_at", new java.util.Date(1_767_225_600_000L + i * 1000)).put("_op", "c")
                .put("_version", i + 1).put("_is_deleted", (byte) 0)
                .put("_source_ts_ms", 1_767_225_600_000L + i * 1000)
                .put("_event_date", new java.util.Date((20454 + i / 86_400) * 86_400_000L));
        return new SinkRecord(topic, (int) (i % 2), KEY, new Struct(KEY).put("id", i), VALUE, value, i / 2);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long stored(LocalStack stack) {
        try {
            return Long.parseLong(stack.clickHouse().scalar("SELECT sum(o) FROM (SELECT max(offset) + 1 AS o FROM "
                    + "bench._cdcflow_offsets WHERE connector = 'bench-sink' GROUP BY topic, partition)"));
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String f(String name, String type) {
        return "{\"field\":\"" + name + "\",\"type\":" + type + ",\"optional\":false}";
    }
}
