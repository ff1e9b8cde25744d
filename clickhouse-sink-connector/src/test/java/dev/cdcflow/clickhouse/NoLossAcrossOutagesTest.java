package dev.cdcflow.clickhouse;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Records keep arriving while ClickHouse is away, several retries long, once with the task restarted in the
 * middle of the outage, once with a rebalance (a second task) in it and once with a new matching topic appearing
 * in it (another rebalance, with partitions added): afterwards every record is in ClickHouse,
 * each once under FINAL, and the stored offsets are the topic's ends. Each record is a new key, so a record the sink
 * skipped is a missing row.
 */
@LocalStackTest
class NoLossAcrossOutagesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String TOPIC = "outage.public.events";
    private static final String CONNECTOR = "outage-sink";
    private static final int PARTITIONS = 3;
    private static final String LATECOMERS = "outage.public.latecomers";
    private static final int LATECOMER_ROWS = 40;

    @Test
    void everyRecordArrivesAcrossOutagesRetriesRestartsAndRebalances(LocalStack stack) throws Exception {
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().createTopic(TOPIC, PARTITIONS);
        Map<String, String> config = new HashMap<>(Map.of("transforms", "", "retry.backoff.ms", "300",
                "clickhouse.timeout.ms", "2000"));
        rest.putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", CONNECTOR, "CLICKHOUSE_SINK_TOPICS_REGEX", "outage\\.public\\..*",
                "CLICKHOUSE_DATABASE", "outage", "CLICKHOUSE_BATCH_MAX_ROWS", "50",
                "CLICKHOUSE_BATCH_MAX_WAIT_MS", "200", "CLICKHOUSE_SINK_MAX_POLL_RECORDS", "20"))
                .with(config));
        rest.awaitRunning(CONNECTOR, 1, TIMEOUT);

        try (EventTrickle trickle = new EventTrickle(stack, TOPIC, PARTITIONS)) {
            Await.until("the first rows", TIMEOUT, () -> SinkOffsets.storedTotal(stack, "outage", CONNECTOR) > 100);

            // An outage of many retries and offset commits while records keep coming.
            outage(stack, Duration.ofSeconds(6), () -> { });
            Await.until("rows after the first outage", TIMEOUT,
                    () -> SinkOffsets.storedTotal(stack, "outage", CONNECTOR) > trickle.sent() / 2);

            // The task restarted in the middle of an outage: what it had buffered is gone, nothing else is.
            outage(stack, Duration.ofSeconds(6), () -> rest.restart(CONNECTOR));

            // A rebalance in the middle of an outage: a second task takes partitions over.
            outage(stack, Duration.ofSeconds(6), () -> {
                config.put("tasks.max", "2");
                rest.putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                        "CLICKHOUSE_SINK_NAME", CONNECTOR, "CLICKHOUSE_SINK_TOPICS_REGEX",
                        "outage\\.public\\..*", "CLICKHOUSE_DATABASE", "outage", "CLICKHOUSE_BATCH_MAX_ROWS",
                        "50", "CLICKHOUSE_BATCH_MAX_WAIT_MS", "200", "CLICKHOUSE_SINK_MAX_POLL_RECORDS", "20"))
                        .with(config));
            });

            // A new topic matching the connector's regex, while ClickHouse is away.
            outage(stack, Duration.ofSeconds(8), () -> {
                stack.kafka().createTopic(LATECOMERS, 2);
                List<ProducerRecord<String, String>> records = new ArrayList<>();
                for (long id = 0; id < LATECOMER_ROWS; id++) {
                    records.add(new ProducerRecord<>(LATECOMERS, (int) (id % 2), EventTrickle.key(id),
                            EventTrickle.value(id)));
                }
                stack.kafka().send(records);
                Await.sleep(Duration.ofSeconds(6));
            });
        }
        PlainSink.awaitRows(stack, "outage.latecomers FINAL", LATECOMER_ROWS);

        Map<TopicPartition, Long> eventEnds = SinkOffsets.ends(stack, TOPIC, PARTITIONS);
        Map<TopicPartition, Long> ends = new HashMap<>(eventEnds);
        ends.putAll(SinkOffsets.ends(stack, LATECOMERS, 2));
        Await.until("stored offsets at the topics' ends " + ends, TIMEOUT,
                () -> SinkOffsets.stored(stack, "outage", CONNECTOR).equals(ends));
        long produced = eventEnds.values().stream().mapToLong(Long::longValue).sum();
        EventTrickle.assertEveryIdOnce(stack, "outage.events", produced);
        rest.deleteConnector(CONNECTOR);
    }

    /** Stops ClickHouse for {@code length}, doing {@code during} half-way, and starts it again. */
    private static void outage(LocalStack stack, Duration length, Runnable during) {
        stack.clickHouse().stop();
        Await.sleep(length.dividedBy(2));
        during.run();
        Await.sleep(length.dividedBy(2));
        stack.clickHouse().start();
    }
}
