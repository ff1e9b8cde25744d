package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where the stage resumes, against what users do to topics and offsets: SMTs that rename topics or merge two into
 * one table, snapshot expiry with the consumer group reset behind the table, offsets reset or changed through
 * Connect's REST API, and topics deleted and created again. Each time, every row is in its table as often as
 * asked (once, or again after a reset), and the consumer group follows the source topics' partitions.
 */
@LocalStackTest
class StageOffsetsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void topicsRenamedOrMergedByAnSmtAreResumedFromTheirOwnPartitions(LocalStack stack) {
        String first = "merge.public.orders_v1";
        String second = "merge.public.orders_v2";
        stack.s3().createBucket("lakehouse");
        stack.kafka().createTopic(first, 2);
        stack.kafka().createTopic(second, 2);
        stack.kafka().produce(first, StageFixtures.orders(1, 30));
        stack.kafka().produce(second, StageFixtures.orders(31, 60));
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(StageFixtures.definition(stack, "merge-stage", first).with(Map.of(
                "topics", first + "," + second, "transforms", "route",
                "transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.route.regex", "(.*)\\.orders_v[12]", "transforms.route.replacement", "$1.orders")));
        try {
            awaitRowCount(stack, "merge", 60);
            rest.restart("merge-stage");
            stack.kafka().produce(first, StageFixtures.orders(61, 70));
            stack.kafka().produce(second, StageFixtures.orders(71, 80));
            rest.restart("merge-stage");

            Map<TopicPartition, Long> ends = StageFixtures.endOffsets(stack, first, second);
            Await.until("the table at the end of both topics", TIMEOUT, () -> StageFixtures.nextOffsets(
                    StageFixtures.table(stack, "merge", "orders"), "merge-stage").equals(ends));
            Await.until("the consumer group at the end of both topics", TIMEOUT,
                    () -> groupOffsets(stack, "merge-stage").equals(ends));
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "merge"), 1, 80);
            assertThat(StageFixtures.dataFileLocations(stack, "merge")).doesNotHaveDuplicates();
            assertThat(rest.status("merge-stage").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
        } finally {
            rest.deleteConnector("merge-stage");
        }
    }

    @Test
    void afterSnapshotExpiryAConsumerGroupResetBehindTheTableAddsNothingTwice(LocalStack stack) throws Exception {
        String topic = "expiry.public.orders";
        stack.s3().createBucket("lakehouse");
        stack.kafka().createTopic(topic, 2);
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(StageFixtures.definition(stack, "expiry-stage", topic));
        try {
            for (int round = 0; round < 3; round++) {
                stack.kafka().produce(topic, StageFixtures.orders(round * 20 + 1, round * 20 + 20));
                StageFixtures.awaitAllCommitted(stack, "expiry-stage", "expiry", topic);
                StageFixtures.change(StageFixtures.catalogConfig(stack, "expiry"), "orders",
                        table -> table.expireSnapshots().retainLast(1).commit());
            }
            rest.stopConnector("expiry-stage");
            rest.awaitState("expiry-stage", "STOPPED", 0, TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> toStart = Map.of(new TopicPartition(topic, 0),
                    new OffsetAndMetadata(0), new TopicPartition(topic, 1), new OffsetAndMetadata(0));
            Await.until("the consumer group reset to 0", TIMEOUT, () -> {
                try {
                    stack.kafka().admin().alterConsumerGroupOffsets("connect-expiry-stage", toStart).all().get();
                    return true;
                } catch (ExecutionException stillMembers) {
                    return false;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            rest.resume("expiry-stage");
            stack.kafka().produce(topic, StageFixtures.orders(61, 70));

            StageFixtures.awaitAllCommitted(stack, "expiry-stage", "expiry", topic);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "expiry"), 1, 70);
        } finally {
            rest.deleteConnector("expiry-stage");
        }
    }

    @Test
    void anOffsetResetOrChangeThroughTheRestApiIsWhereTheStageResumes(LocalStack stack) {
        String topic = "alter.public.orders";
        stack.s3().createBucket("lakehouse");
        stack.kafka().createTopic(topic, 1);
        stack.kafka().produce(topic, StageFixtures.orders(1, 6));
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(StageFixtures.definition(stack, "alter-stage", topic));
        try {
            awaitRowCount(stack, "alter", 6);

            // Reset: everything is read again, beside the rows already in (a change table keeps both).
            rest.stopConnector("alter-stage");
            rest.awaitState("alter-stage", "STOPPED", 0, TIMEOUT);
            rest.resetOffsets("alter-stage");
            rest.resume("alter-stage");
            awaitRowCount(stack, "alter", 12);

            // A new position: from offset 4 on (ids 5 and 6).
            rest.stopConnector("alter-stage");
            rest.awaitState("alter-stage", "STOPPED", 0, TIMEOUT);
            rest.alterSinkOffset("alter-stage", topic, 0, 4);
            rest.resume("alter-stage");
            awaitRowCount(stack, "alter", 14);

            assertThat(countsById(StageFixtures.rows(stack, "alter"))).isEqualTo(Map.of(1L, 2L, 2L, 2L, 3L, 2L,
                    4L, 2L, 5L, 3L, 6L, 3L));
        } finally {
            rest.deleteConnector("alter-stage");
        }
    }

    @Test
    void aTopicDeletedAndCreatedAgainIsReadFromItsStart(LocalStack stack) throws Exception {
        String shorter = "recreated.public.shorter";
        String longer = "recreated.public.longer";
        stack.s3().createBucket("lakehouse");
        stack.kafka().createTopic(shorter, 1);
        stack.kafka().createTopic(longer, 1);
        stack.kafka().produce(shorter, StageFixtures.orders(1, 8));
        stack.kafka().produce(longer, StageFixtures.orders(11, 13));
        ConnectRestClient rest = stack.connect().rest();
        rest.putConnector(StageFixtures.definition(stack, "recreated-stage", shorter).with(Map.of(
                "topics", shorter + "," + longer, IcebergStageConfig.TOPIC_TABLE_MAP_CONFIG,
                shorter + ":orders," + longer + ":orders")));
        try {
            awaitRowCount(stack, "recreated", 11);
            rest.stopConnector("recreated-stage");
            rest.awaitState("recreated-stage", "STOPPED", 0, TIMEOUT);
            stack.kafka().admin().deleteTopics(Set.of(shorter, longer)).all().get();
            Await.until("the topics gone", TIMEOUT, () -> !stack.kafka().topics().contains(shorter)
                    && !stack.kafka().topics().contains(longer));
            // One new topic shorter than the old (the table's position is past its end), one longer (a record of
            // the new topic sits where the table's last record was).
            stack.kafka().createTopic(shorter, 1);
            stack.kafka().createTopic(longer, 1);
            stack.kafka().produce(shorter, StageFixtures.orders(101, 103));
            stack.kafka().produce(longer, StageFixtures.orders(111, 116));
            rest.resume("recreated-stage");

            awaitRowCount(stack, "recreated", 11 + 3 + 6);
            assertThat(countsById(StageFixtures.rows(stack, "recreated")).keySet()).containsExactlyInAnyOrder(
                    1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 11L, 12L, 13L, 101L, 102L, 103L, 111L, 112L, 113L, 114L, 115L,
                    116L);
            assertThat(countsById(StageFixtures.rows(stack, "recreated")).values()).containsOnly(1L);
        } finally {
            rest.deleteConnector("recreated-stage");
        }
    }

    private static void awaitRowCount(LocalStack stack, String namespace, int rows) {
        Await.until(rows + " rows in " + namespace + ".orders", TIMEOUT, () -> {
            int count = StageFixtures.rows(stack, namespace).size();
            assertThat(count).as("rows in " + namespace + ".orders").isLessThanOrEqualTo(rows);
            return count == rows;
        });
    }

    private static Map<Long, Long> countsById(List<Record> rows) {
        return rows.stream().collect(Collectors.groupingBy(row -> (Long) row.getField("id"), Collectors.counting()));
    }

    private static Map<TopicPartition, Long> groupOffsets(LocalStack stack, String connector) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            stack.kafka().admin().listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata()
                    .get().forEach((partition, offset) -> offsets.put(partition, offset.offset()));
            return offsets;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
