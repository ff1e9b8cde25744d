package dev.cdcflow.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Large values PostgreSQL stores out of line (TOAST) and an UPDATE of another column: under the default replica
 * identity logical decoding does not send the unchanged large value, and Debezium puts its placeholder in its place
 * (checked here on the topic, in every form: text, bytea, jsonb, text[] and integer[]). In ClickHouse each row must
 * still hold its large values, equal to PostgreSQL's, after updates in one batch and across batches, a delete, an
 * update in the same transaction as a change of the large value, a replay of the topic from offset 0 in one flush,
 * and a replay of only the last updates after the table merged their older versions away. The same table with
 * REPLICA IDENTITY FULL (Debezium sends the values) is the control.
 */
@LocalStackTest
class UnchangedLargeValuesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PREFIX = "toast";
    private static final String PLACEHOLDER = "__debezium_unavailable_value";
    /** About 48,000 characters of text PostgreSQL cannot compress much: stored out of line. */
    private static final String LARGE_TEXT =
            "(SELECT string_agg(md5(i::text || %s), '') FROM generate_series(1, 1500) i)";
    private static final String[] TABLES = {"docs_default", "docs_full"};

    @Test
    void unchangedLargeValuesKeepTheirValueInClickHouse(LocalStack stack) throws Exception {
        ConnectRestClient rest = stack.connect().rest();
        for (String table : TABLES) {
            stack.postgres().execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, n INT NOT NULL, body TEXT, "
                    + "title TEXT NOT NULL, blob BYTEA, doc JSONB, tags TEXT[], counts INT[])");
            for (int id = 1; id <= 3; id++) {
                stack.postgres().execute("INSERT INTO " + table + " VALUES (" + id + ", 0, " + large(id) + ", "
                        + large(id + 10) + ", convert_to(" + large(id + 20) + ", 'UTF8'), jsonb_build_object('k', "
                        + large(id + 30) + "), ARRAY[" + large(id + 40) + ", 'x'], (SELECT array_agg(i * " + id
                        + ") FROM generate_series(1, 20000) i))");
            }
        }
        stack.postgres().execute("ALTER TABLE docs_full REPLICA IDENTITY FULL");
        rest.putConnector(DebeziumSource.capturing(stack, PREFIX, "public\\.docs_.*"));
        rest.putConnector(sink(stack, PREFIX + "-clickhouse", "toast", "200"));
        try {
            rest.awaitRunning(PREFIX + "-clickhouse", 1, TIMEOUT);
            awaitSame(stack, "toast");

            for (String table : TABLES) {
                stack.postgres().execute(
                        "UPDATE " + table + " SET n = n + 1",
                        "UPDATE " + table + " SET n = n + 1 WHERE id = 1",
                        "BEGIN; UPDATE " + table + " SET body = " + large(99) + " WHERE id = 2; UPDATE " + table
                                + " SET n = n + 1 WHERE id = 2; COMMIT",
                        "DELETE FROM " + table + " WHERE id = 3");
            }
            awaitSame(stack, "toast");
            for (String table : TABLES) {
                stack.postgres().execute("UPDATE " + table + " SET n = n + 10");
            }
            awaitSame(stack, "toast");

            assertThat(stack.kafka().readAll(PREFIX + ".public.docs_default")).as("Debezium's placeholder, in "
                    + "every form, on the default identity's topic").anyMatch(event -> event.value() != null
                    && event.value().contains("\"body\":\"" + PLACEHOLDER + "\"")
                    && event.value().contains("\"tags\":[\"" + PLACEHOLDER + "\"]")
                    && event.value().contains("\"counts\":[95,95,100,101"));
            assertThat(stack.kafka().readAll(PREFIX + ".public.docs_full")).noneMatch(event -> event.value() != null
                    && event.value().contains(PLACEHOLDER));

            rest.putConnector(sink(stack, PREFIX + "-replay", "toast_replay", "60000"));
            awaitSame(stack, "toast_replay");

            replayTheLastUpdatesAfterAMerge(stack);
        } finally {
            rest.deleteConnector(PREFIX + "-replay");
            rest.deleteConnector(PREFIX + "-clickhouse");
            rest.deleteConnector(PREFIX + "-debezium");
        }
    }

    /**
     * The table merged down to each key's newest version, then the last updates (their large values unchanged, so
     * left out) replayed alone: nothing older than them is left, and the values come from their own earlier write.
     */
    private static void replayTheLastUpdatesAfterAMerge(LocalStack stack) throws Exception {
        String connector = PREFIX + "-clickhouse";
        String topic = PREFIX + ".public.docs_default";
        stack.clickHouse().execute("OPTIMIZE TABLE toast.docs_default FINAL");
        long end = SinkOffsets.ends(stack, topic, 1).get(new TopicPartition(topic, 0));
        ConnectRestClient rest = stack.connect().rest();
        rest.stopConnector(connector);
        rest.awaitState(connector, "STOPPED", 0, TIMEOUT);
        // The last two records: the updates of rows 1 and 2 (row 3 was deleted before).
        rest.alterSinkOffset(connector, topic, 0, end - 2);
        rest.resume(connector);
        Await.until("the replayed updates written", TIMEOUT, () -> Long.valueOf(end).equals(
                SinkOffsets.stored(stack, "toast", connector).get(new TopicPartition(topic, 0))));
        assertThat(clickHouse(stack, "toast", "docs_default")).isEqualTo(postgres(stack, "docs_default"));
    }

    private static ConnectorDefinition sink(LocalStack stack, String name, String database, String waitMs) {
        return DebeziumSource.clickHouseSink(stack, name, PREFIX + "\\.public\\..*", database, waitMs);
    }

    private static String large(int seed) {
        return LARGE_TEXT.formatted("'" + seed + "'");
    }

    private static void awaitSame(LocalStack stack, String database) {
        for (String table : TABLES) {
            try {
                Await.until(database + "." + table + " equal to PostgreSQL's", TIMEOUT,
                        () -> postgres(stack, table).equals(clickHouse(stack, database, table)));
            } catch (IllegalStateException timedOut) {
                assertThat(clickHouse(stack, database, table)).as(timedOut.getMessage())
                        .isEqualTo(postgres(stack, table));
            }
        }
    }

    /** Per row: id, n, and a digest and length of each large value. */
    private static List<List<String>> postgres(LocalStack stack, String table) {
        return stack.postgres().query("SELECT id::text, n::text, md5(body), length(body)::text, md5(title), "
                + "md5(blob), md5(doc::text), md5(array_to_string(tags, ',')), cardinality(tags)::text, "
                + "md5(array_to_string(counts, ',')), cardinality(counts)::text FROM " + table + " ORDER BY id");
    }

    private static List<List<String>> clickHouse(LocalStack stack, String database, String table) {
        try {
            return stack.clickHouse().rows("SELECT toString(id), toString(n), lower(hex(MD5(body))), "
                    + "toString(length(body)), lower(hex(MD5(title))), lower(hex(MD5(blob))), lower(hex(MD5(doc))), "
                    + "lower(hex(MD5(arrayStringConcat(arrayMap(x -> ifNull(x, ''), tags), ',')))), "
                    + "toString(length(tags)), "
                    + "lower(hex(MD5(arrayStringConcat(arrayMap(x -> ifNull(toString(x), ''), counts), ',')))), "
                    + "toString(length(counts)) FROM " + database + "." + table + " FINAL WHERE _is_deleted = 0 "
                    + "ORDER BY id");
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }
}
