package dev.cdcflow.s3;

import dev.cdcflow.localstack.JvmExit;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.WorkerScaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The S3 raw sink on a group of 1, 2 and 3 Connect workers ({@link WorkerScaling}): a topic of six partitions filled
 * beforehand, the sink with six tasks, and the time until its consumer group has committed the topic's ends (the sink
 * commits only what is uploaded). Run by scripts/bench-s3-raw-sink-workers.sh.
 */
public final class WorkerScalingBenchmark implements WorkerScaling.Sink {

    private static final int ROWS = Integer.getInteger("bench.rows", 300_000);
    private static final int PARTITIONS = 6;
    private static final String TOPIC = "scaling.public.events";
    private static final String CONNECTOR = "scaling-s3";
    private static final String SCHEMA = "{\"type\":\"struct\",\"name\":\"events.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"status\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"description\",\"type\":\"string\",\"optional\":false}]}";
    private static final String DESCRIPTION = "a change row of about the size of an order's, ".repeat(4);

    public static void main(String[] args) {
        JvmExit.runThenExit(() -> {
            System.out.printf(Locale.ROOT, "%,d rows of about 300 bytes over %d partitions, the sink with %d tasks "
                    + "(Avro with snappy, files closed after 1 s idle, JsonConverter with schemas); each worker its "
                    + "own JVM (-Xmx1g)%n", ROWS, PARTITIONS, PARTITIONS);
            WorkerScaling.run(ROWS, new WorkerScalingBenchmark());
        });
    }

    @Override
    public void fill(LocalStack stack) {
        stack.s3().createBucket("raw");
        stack.kafka().createTopic(TOPIC, PARTITIONS);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            String value = "{\"schema\":" + SCHEMA + ",\"payload\":{\"id\":" + id + ",\"status\":\"paid\","
                    + "\"description\":\"" + DESCRIPTION + "\"}}";
            records.add(new ProducerRecord<>(TOPIC, (int) (id % PARTITIONS), Long.toString(id), value));
            if (records.size() == 10_000) {
                stack.kafka().send(records);
                records.clear();
            }
        }
        stack.kafka().send(records);
    }

    @Override
    public void register(LocalStack stack) {
        stack.connect().rest().putConnector(stack.render(LocalStack.template("s3-raw-sink"), Map.of(
                "S3_SINK_NAME", CONNECTOR, "S3_SINK_TOPICS_REGEX", "scaling\\.public\\.events",
                "S3_SINK_TASKS", Integer.toString(PARTITIONS), "S3_FLUSH_IDLE_MS", "1000"))
                .with(Map.of("key.converter", "org.apache.kafka.connect.storage.StringConverter")));
    }

    @Override
    public boolean done(LocalStack stack) {
        return stack.kafka().groupAtEnd("connect-" + CONNECTOR, TOPIC);
    }
}
