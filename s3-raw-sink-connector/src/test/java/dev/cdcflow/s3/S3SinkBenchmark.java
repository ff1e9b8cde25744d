package dev.cdcflow.s3;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.CpuUse;
import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.S3Server;
import dev.cdcflow.s3.format.ObjectWriters;
import dev.cdcflow.s3.stage.MemoryBudget;
import dev.cdcflow.s3.stage.S3Store;
import dev.cdcflow.s3.stage.SpillSpace;
import dev.cdcflow.s3.write.S3SinkMetrics;
import dev.cdcflow.s3.write.S3Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Harness benchmark of the S3 raw sink: MB/s and records/s of Avro objects from records of 200 partitions, each round
 * beside plain PutObject of the same bytes; first the sink's writer in process, then the sink through a real Connect
 * worker from a pre-filled topic (after a warm-up pass), with the CPU every part used and the bound that reading and
 * converting the topic puts on any sink sharing these cores. Run: scripts/bench-s3-raw-sink.sh (options there).
 */
public final class S3SinkBenchmark {

    private static final String TOPIC = "bench.public.events";
    private static final String BUCKET = "bench";
    private static final int PARTITIONS = 200;
    private static final long CAP = Long.getLong("bench.cap.mib", 32) * 1024 * 1024;
    /** Files per partition: they close along the stream, as in production, not all at its end. */
    private static final int FILES_PER_PARTITION = Integer.getInteger("bench.files.per.partition", 4);
    private static final long DAY_START = 1_767_225_600_000L;
    private static final Schema VALUE = SchemaBuilder.struct().name("events.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("customer_id", Schema.INT64_SCHEMA)
            .field("status", Schema.STRING_SCHEMA)
            .field("ts", Schema.INT64_SCHEMA)
            .field("description", Schema.STRING_SCHEMA)
            .build();
    private static final String VALUE_SCHEMA_JSON = "{\"type\":\"struct\",\"name\":\"events.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"customer_id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"status\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"description\",\"type\":\"string\",\"optional\":false}]}";
    private static final int TASKS = Integer.getInteger("bench.tasks", 1);
    /** Thread groups named in a CPU line. */
    private static final int GROUPS = 8;
    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled"};

    private S3SinkBenchmark() {
    }

    public static void main(String[] args) {
        // Exits when done or failed: a thread a library leaves running must not keep the JVM (and the script) alive.
        JvmExit.runThenExit(() -> benchmark());
    }

    private static void benchmark() throws Exception {
        int records = Integer.getInteger("bench.records", 200_000) / PARTITIONS * PARTITIONS;
        int payload = Integer.getInteger("bench.payload", 2000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String[] descriptions = descriptions(payload);
        try (LocalStack stack = LocalStack.fromSystemProperties().build().start()) {
            stack.s3().createBucket(BUCKET);
            Map<String, String> config = sinkConfig(stack, records);
            System.out.printf("%,d records of about %,d bytes in %d partitions; files close every %,d records of a "
                    + "partition; Avro with snappy; buffer.max.bytes %d MiB, 4 upload threads%n", records,
                    payload + 60, PARTITIONS,
                    records / PARTITIONS / FILES_PER_PARTITION, CAP >> 20);

            List<SinkRecord> sinkRecords = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                sinkRecords.add(new SinkRecord(TOPIC, i % PARTITIONS, null, null, VALUE, row(i, descriptions),
                        i / PARTITIONS));
            }
            inProcess(stack, config, sinkRecords, "warmup");
            double[] sinkMbs = new double[rounds];
            double[] putMbs = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                String prefix = "inproc" + round;
                CpuUse sinkCpu = new CpuUse();
                double seconds = inProcess(stack, config, sinkRecords, prefix);
                CpuUse.Usage sinkCpuUse = sinkCpu.since(seconds);
                Map<String, byte[]> objects = download(stack.s3(), prefix + "/");
                long bytes = objects.values().stream().mapToLong(object -> object.length).sum();
                sinkMbs[round] = bytes / seconds / 1e6;
                CpuUse putCpu = new CpuUse();
                double putSeconds = plainPut(stack.s3().client(), objects, "plain" + round + "/");
                putMbs[round] = bytes / putSeconds / 1e6;
                System.out.printf("Round %d: sink write path %.1f MB/s (%,.0f records/s), plain PutObject %.1f MB/s "
                                + "(%.0f %%); %d objects, %.1f MB%n", round + 1, sinkMbs[round], records / seconds,
                        putMbs[round], 100 * sinkMbs[round] / putMbs[round], objects.size(), bytes / 1e6);
                System.out.println("  CPU of the sink write path: " + sinkCpuUse.describe(GROUPS));
                System.out.println("  CPU of plain PutObject: " + putCpu.since(putSeconds).describe(GROUPS));
            }
            System.out.printf("Sink write path in process (records already converted: no Kafka, no JSON), medians of "
                    + "%d rounds: %.1f MB/s, plain PutObject of the same objects %.1f MB/s; sink / PUT within a round: "
                    + "%.0f %%%n", rounds, median(sinkMbs), median(putMbs), 100 * medianRatio(sinkMbs, putMbs));

            double converter = converterRate(Math.min(records, 50_000), descriptions);
            System.out.printf("JsonConverter alone (schemas on, one thread, no Kafka, no sink): %,.0f records/s%n",
                    converter);

            long start = System.nanoTime();
            prefill(stack, records, descriptions);
            System.out.printf("Pre-filled %s with %,d records in %.1f s%n", TOPIC, records, seconds(start));
            int expectedObjects = PARTITIONS * FILES_PER_PARTITION;
            // A first pass warms the plugin's own copies of the classes (the worker loads them apart from ours).
            throughWorker(stack, config, "worker-warmup", expectedObjects);
            double[] workerMbs = new double[rounds];
            double[] workerPutMbs = new double[rounds];
            double[] workerRecords = new double[rounds];
            double[] bound = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                String name = "worker" + round;
                WorkerRun run = throughWorker(stack, config, name, expectedObjects);
                Map<String, byte[]> objects = download(stack.s3(), name + "/");
                long bytes = objects.values().stream().mapToLong(object -> object.length).sum();
                workerMbs[round] = bytes / run.seconds() / 1e6;
                workerRecords[round] = records / run.seconds();
                CpuUse putCpu = new CpuUse();
                double putSeconds = plainPut(stack.s3().client(), objects, "plainw" + round + "/");
                CpuUse.Usage putUse = putCpu.since(putSeconds);
                workerPutMbs[round] = bytes / putSeconds / 1e6;
                CpuUse.Usage readUse = readAndConvert(stack, records);
                bound[round] = putUse.coreSeconds() / (putUse.coreSeconds() + readUse.coreSeconds());
                System.out.printf("Worker round %d: %.1f MB/s (%,.0f records/s) from the first record written to the "
                                + "last object uploaded (%.2f s before that from registering the connector), plain "
                                + "PutObject %.1f MB/s (%.0f %%)%n", round + 1, workerMbs[round], workerRecords[round],
                        run.startupSeconds(), workerPutMbs[round], 100 * workerMbs[round] / workerPutMbs[round]);
                System.out.println("  CPU through the worker: " + run.cpu().describe(GROUPS));
                System.out.println("  CPU of plain PutObject: " + putUse.describe(GROUPS));
                System.out.println("  CPU of reading the topic and converting its JSON (no sink): "
                        + readUse.describe(GROUPS));
                stack.connect().rest().deleteConnector(name);
            }
            System.out.printf("Sink through the Connect worker (JSON with schemas, %d task(s)), medians of %d rounds: "
                    + "%.1f MB/s (%,.0f records/s), plain PutObject of the same objects %.1f MB/s; sink / PUT within a "
                    + "round: %.0f %%%n", TASKS, rounds, median(workerMbs), median(workerRecords), median(workerPutMbs),
                    100 * medianRatio(workerMbs, workerPutMbs));
            System.out.printf("Bound on these cores: reading and converting the topic costs CPU the PUTs then lack; "
                    + "with no sink work at all and every core busy, the best any sink could do is plain PUT's "
                    + "core-s / (plain PUT's + reading's) = %.0f %% (median of %d)%n", 100 * median(bound), rounds);
            List<Long> peaks = stack.connect().pluginMetric("worker-warmup", "buffer-bytes-max");
            System.out.printf("Peak bytes of open files on the heap (buffer-bytes-max) at %d partitions, %d task(s) "
                    + "in one worker: %s MiB per task, %.1f MiB together; the cap is %d MiB per task%n", PARTITIONS,
                    peaks.size(), peaks.stream().map(peak -> String.format("%.1f", peak / 1048576.0)).toList(),
                    peaks.stream().mapToLong(Long::longValue).sum() / 1048576.0, CAP >> 20);
        }
    }

    /** One pass of a connector over the pre-filled topic: seconds from its first record written to its last object. */
    private record WorkerRun(double startupSeconds, double seconds, CpuUse.Usage cpu) {
    }

    /**
     * Registers a sink named {@code name} (its objects under that prefix) over the topic and times it, watching
     * the task's own metrics rather than listing the bucket (a listing of hundreds of keys costs the S3 server).
     */
    private static WorkerRun throughWorker(LocalStack stack, Map<String, String> config, String name,
                                           int expectedObjects) {
        Map<String, String> worker = new HashMap<>(config);
        worker.put("prefix", name);
        for (String setting : System.getProperty("bench.connector", "").split(",")) {
            if (!setting.isBlank()) {
                worker.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        long registered = System.nanoTime();
        stack.connect().rest().putConnector(stack.render(LocalStack.template("s3-raw-sink"), Map.of(
                "S3_SINK_NAME", name, "S3_SINK_TOPICS_REGEX", TOPIC.replace(".", "\\."),
                "S3_BUCKET", BUCKET, "S3_SINK_TASKS", Integer.toString(TASKS))).with(worker));
        Await.until("the first record written", Duration.ofMinutes(2), () -> metric(stack, name,
                "records-written-total") > 0);
        long first = System.nanoTime();
        CpuUse cpu = new CpuUse();
        Await.until("every object", Duration.ofMinutes(20),
                () -> metric(stack, name, "objects-written-total") >= expectedObjects);
        double seconds = seconds(first);
        return new WorkerRun((first - registered) / 1e9, seconds, cpu.since(seconds));
    }

    /** A task metric summed over the connector's tasks, 0 while none has registered it yet. */
    private static long metric(LocalStack stack, String connector, String metric) {
        try {
            return stack.connect().pluginMetric(connector, metric).stream().mapToLong(Long::longValue).sum();
        } catch (IllegalStateException notYet) {
            return 0;
        }
    }

    private static Map<String, String> sinkConfig(LocalStack stack, int records) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("s3.bucket", BUCKET);
        config.put("s3.endpoint", stack.s3().endpoint().toString());
        config.put("s3.path.style.access", "true");
        config.put("s3.access.key.id", S3Server.ACCESS_KEY);
        config.put("s3.secret.access.key", S3Server.SECRET_KEY);
        config.put("timestamp.field", "ts");
        config.put("flush.records", Integer.toString(records / PARTITIONS / FILES_PER_PARTITION));
        config.put("flush.span.ms", "0");
        config.put("buffer.max.bytes", Long.toString(CAP));
        config.put("avro.codec", "snappy");
        return config;
    }

    /** Seconds the sink's writer takes to turn the records into uploaded objects under {@code prefix}. */
    private static double inProcess(LocalStack stack, Map<String, String> settings, List<SinkRecord> records,
                                    String prefix) {
        Map<String, String> props = new HashMap<>(settings);
        props.put("prefix", prefix);
        S3SinkConfig config = new S3SinkConfig(props);
        MemoryBudget budget = new MemoryBudget(config.bufferMaxBytes(), ObjectWriters.LARGEST_WRITE);
        try (S3Store store = S3Store.create(config);
             S3Writer writer = new S3Writer(config, store, new ObjectWriters(config, store, budget,
                     new SpillSpace(config.spillDir(), "benchmark", config.spillMaxBytes())), budget,
                     new S3SinkMetrics())) {
            long start = System.nanoTime();
            for (SinkRecord record : records) {
                writer.write(record);
            }
            while (writer.uploading()) {
                writer.collectUploads();
                sleepQuietly();
            }
            return seconds(start);
        }
    }

    private static Map<String, byte[]> download(S3Server s3, String prefix) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        s3.listKeys(BUCKET, prefix).forEach(key -> objects.put(key, s3.getObject(BUCKET, key)));
        return objects;
    }

    /** Seconds to PUT the same bytes, object by object, on as many threads as the sink uploads with. */
    private static double plainPut(S3Client client, Map<String, byte[]> objects, String prefix) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            long start = System.nanoTime();
            List<Future<?>> puts = new ArrayList<>();
            objects.forEach((key, bytes) -> puts.add(threads.submit(() -> client.putObject(request -> request
                    .bucket(BUCKET).key(prefix + key), RequestBody.fromBytes(bytes)))));
            for (Future<?> put : puts) {
                put.get();
            }
            return seconds(start);
        } finally {
            threads.shutdown();
        }
    }

    /**
     * What a sink task's thread must do before the sink sees a record, and nothing more: a consumer reads the whole
     * topic (set as the template sets Connect's) and JsonConverter turns each value into a Struct.
     */
    private static CpuUse.Usage readAndConvert(LocalStack stack, int records) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        // The consumer settings of the connector template.
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000, ConsumerConfig.RECEIVE_BUFFER_CONFIG, -1);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                partitions.add(new TopicPartition(TOPIC, partition));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            CpuUse cpu = new CpuUse();
            int read = 0;
            while (read < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    new SinkRecord(TOPIC, record.partition(), null, null, null,
                            converter.toConnectData(TOPIC, record.value()).value(), record.offset());
                    read++;
                }
            }
            return cpu.since(seconds(start));
        }
    }

    private static double converterRate(int count, String[] descriptions) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            values[i] = json(i, descriptions).getBytes(StandardCharsets.UTF_8);
        }
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (byte[] value : values) {
                converter.toConnectData(TOPIC, value);
            }
            best = Math.max(best, count / seconds(start));
        }
        return best;
    }

    private static void prefill(LocalStack stack, int records, String[] descriptions) {
        java.util.Properties props = new java.util.Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Counts matter here, not order: no idempotence, whose sequence checks the test broker trips over under load.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        stack.kafka().createTopic(TOPIC, PARTITIONS);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, json(i, descriptions)));
            }
            producer.flush();
        }
    }

    private static Struct row(long i, String[] descriptions) {
        return new Struct(VALUE).put("id", i).put("customer_id", i % 10_000).put("status", STATUSES[(int) (i % 5)])
                .put("ts", DAY_START + i).put("description", descriptions[(int) (i % descriptions.length)]);
    }

    private static String json(long i, String[] descriptions) {
        return "{\"schema\":" + VALUE_SCHEMA_JSON + ",\"payload\":{\"id\":" + i + ",\"customer_id\":" + (i % 10_000)
                + ",\"status\":\"" + STATUSES[(int) (i % 5)] + "\",\"ts\":" + (DAY_START + i) + ",\"description\":\""
                + descriptions[(int) (i % descriptions.length)] + "\"}}";
    }

    /** Texts of random words (letters only, so no JSON escaping), a few hundred to choose from. */
    private static String[] descriptions(int length) {
        Random random = new Random(42);
        String[] texts = new String[512];
        for (int t = 0; t < texts.length; t++) {
            StringBuilder text = new StringBuilder(length);
            while (text.length() < length) {
                int word = 2 + random.nextInt(9);
                for (int c = 0; c < word; c++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                text.append(' ');
            }
            texts[t] = text.substring(0, length);
        }
        return texts;
    }

    /** A short pause between checks, leaving the cores to the upload threads. */
    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The median of the rounds' own ratios: each pair ran side by side, so their ratio is the fair one. */
    private static double medianRatio(double[] numerators, double[] denominators) {
        double[] ratios = new double[numerators.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerators[i] / denominators[i];
        }
        return median(ratios);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
