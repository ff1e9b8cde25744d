package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Task restarts and a ClickHouse outage in the middle of a stream: afterwards the table holds exactly the newest
 * version of every key (deletes applied), nothing twice under FINAL, and the stored offsets are the topic's ends.
 */
@LocalStackTest
class NoLossNoDuplicatesAfterFinalTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String TOPIC = "eos.public.accounts";
    private static final int KEYS = 300;
    private static final int ROUNDS = 3;
    private static final int PER_ROUND = 2000;
    private static final String KEY_SCHEMA = "{\"type\":\"struct\",\"name\":\"k\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]}";
    private static final String VALUE_SCHEMA = "{\"type\":\"struct\",\"name\":\"accounts.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"balance\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"_is_deleted\",\"type\":\"int8\",\"optional\":false}]}";

    @Test
    void tableEqualsTheSourceAfterRestartsAndAnOutage(LocalStack stack) throws Exception {
        ConnectRestClient rest = stack.connect().rest();
        stack.kafka().createTopic(TOPIC, 3);
        Map<Long, long[]> expected = new TreeMap<>();
        long version = 0;

        version = produceRound(stack, version, expected);
        rest.putConnector(stack.render(LocalStack.template("clickhouse-sink"), Map.of(
                "CLICKHOUSE_SINK_NAME", "eos-sink", "CLICKHOUSE_SINK_TOPICS_REGEX", "eos\\.public\\.accounts",
                "CLICKHOUSE_DATABASE", "eos", "CLICKHOUSE_BATCH_MAX_ROWS", "250",
                "CLICKHOUSE_SINK_MAX_POLL_RECORDS", "200"))
                .with(Map.of("transforms", "", "retry.backoff.ms", "500")));
        rest.awaitRunning("eos-sink", 1, TIMEOUT);
        Await.until("the first rows", TIMEOUT, () -> rawCount(stack) > 0);
        rest.restart("eos-sink");

        version = produceRound(stack, version, expected);
        // Progress is read from the stored offsets: merges collapse the table's raw row count at any time.
        Await.until("part of the second round written", TIMEOUT,
                () -> SinkOffsets.storedTotal(stack, "eos", "eos-sink") > PER_ROUND + 100);
        stack.clickHouse().stop();
        version = produceRound(stack, version, expected);
        Await.sleep(Duration.ofSeconds(4));
        stack.clickHouse().start();
        rest.restart("eos-sink");

        long expectedRows = expected.values().stream().filter(state -> state[1] == 0).count();
        long expectedSum = expected.values().stream().filter(state -> state[1] == 0).mapToLong(state -> state[0])
                .sum();
        Map<TopicPartition, Long> ends = SinkOffsets.ends(stack, TOPIC, 3);
        Await.until("stored offsets at the topic's end " + ends, TIMEOUT,
                () -> SinkOffsets.stored(stack, "eos", "eos-sink").equals(ends));

        assertThat(stack.clickHouse().scalar("SELECT count() FROM eos.accounts FINAL WHERE _is_deleted = 0"))
                .isEqualTo(Long.toString(expectedRows));
        assertThat(stack.clickHouse().scalar("SELECT sum(balance) FROM eos.accounts FINAL WHERE _is_deleted = 0"))
                .isEqualTo(Long.toString(expectedSum));
        assertThat(stack.clickHouse().scalar("SELECT count() FROM (SELECT id FROM eos.accounts FINAL GROUP BY id "
                + "HAVING count() > 1)")).as("keys twice under FINAL").isEqualTo("0");
        List<List<String>> latest = stack.clickHouse().rows("SELECT id, balance, _version, _is_deleted "
                + "FROM eos.accounts FINAL ORDER BY id");
        List<List<String>> wanted = new ArrayList<>();
        expected.forEach((id, state) -> wanted.add(List.of(Long.toString(id), Long.toString(state[0]),
                Long.toString(state[2]), Long.toString(state[1]))));
        assertThat(latest).isEqualTo(wanted);
        assertThat(version).isEqualTo((long) ROUNDS * PER_ROUND);
        rest.deleteConnector("eos-sink");
    }

    /** Produces a round of updates (every 40th a delete) and records the expected newest state per key. */
    private static long produceRound(LocalStack stack, long version, Map<Long, long[]> expected) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < PER_ROUND; i++) {
            long next = ++version;
            long id = (next * 7919) % KEYS;
            long balance = (next * 31) % 1000;
            int deleted = next % 40 == 0 ? 1 : 0;
            expected.put(id, new long[] {balance, deleted, next});
            records.add(Map.entry("{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + id + "}}",
                    "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":{\"id\":" + id + ",\"balance\":" + balance
                            + ",\"_version\":" + next + ",\"_is_deleted\":" + deleted + "}}"));
        }
        stack.kafka().produce(TOPIC, records);
        return version;
    }

    private static long rawCount(LocalStack stack) {
        try {
            return Long.parseLong(stack.clickHouse().scalar("SELECT count() FROM eos.accounts"));
        } catch (RuntimeException notYet) {
            return 0;
        }
    }
}
