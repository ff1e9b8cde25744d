package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces change rows with a new id each (0, 1, 2, ...) every few milliseconds, round robin over a topic's
 * partitions, until closed: a record the sink skips is a missing id, one it writes twice a second row before FINAL.
 */
final class EventTrickle implements AutoCloseable {

    private static final String KEY_SCHEMA = "{\"type\":\"struct\",\"name\":\"k\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]}";
    private static final String VALUE_SCHEMA = "{\"type\":\"struct\",\"name\":\"events.Value\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"_version\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"_is_deleted\",\"type\":\"int8\",\"optional\":false}]}";

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong next = new AtomicLong();
    private final Thread thread;

    EventTrickle(LocalStack stack, String topic, int partitions) {
        thread = new Thread(() -> {
            while (running.get()) {
                List<ProducerRecord<String, String>> records = new ArrayList<>();
                for (int i = 0; i < partitions; i++) {
                    long id = next.getAndIncrement();
                    records.add(new ProducerRecord<>(topic, (int) (id % partitions), key(id), value(id)));
                }
                stack.kafka().send(records);
                Await.sleep(Duration.ofMillis(20));
            }
        }, "trickle");
        thread.start();
    }

    /** How many records have been sent so far. */
    long sent() {
        return next.get();
    }

    static String key(long id) {
        return "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + id + "}}";
    }

    static String value(long id) {
        return "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":{\"id\":" + id + ",\"_version\":" + id
                + ",\"_is_deleted\":0}}";
    }

    /** Every id from 0 to {@code produced} is a row of {@code table} under FINAL, and no other row is. */
    static void assertEveryIdOnce(LocalStack stack, String table, long produced) {
        Set<Long> ids = new TreeSet<>();
        stack.clickHouse().rows("SELECT id FROM " + table + " FINAL")
                .forEach(row -> ids.add(Long.parseLong(row.get(0))));
        List<Long> missing = new ArrayList<>();
        for (long id = 0; id < produced; id++) {
            if (!ids.contains(id)) {
                missing.add(id);
            }
        }
        assertThat(missing).as("ids of records produced but not in ClickHouse (of " + produced + ")").isEmpty();
        assertThat(stack.clickHouse().scalar("SELECT count() FROM " + table + " FINAL"))
                .as("rows under FINAL, one per record").isEqualTo(Long.toString(produced));
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
