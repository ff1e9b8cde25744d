package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.localstack.Await;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Rebalances while the stage's storage is away. Cooperative rebalancing takes some of a task's partitions and leaves
 * it the others: when the commit before they go fails (the catalog is away), the task drops everything uncommitted,
 * also of the partitions it keeps, and must read those again. An eager rebalance takes every partition and gives them
 * back: those the task had paused for a back-off come back paused by Connect, and the task must resume them. Either
 * way, once the storage is back every row is in the table once.
 */
@LocalStackTest
class StageRebalanceTest {

    /** Time for the put that holds the last record delivered to end. */
    private static final Duration PUT_MARGIN = Duration.ofSeconds(1);
    /** Long enough for the stage's back-off after failed writes to double up to its cap. */
    private static final Duration BACK_OFF_AT_CAP = Duration.ofSeconds(15);

    @Test
    void aFailedCloseOfSomePartitionsLosesNothingOfThoseTheTaskKeeps(LocalStack stack)
            throws InterruptedException {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "coop.public.orders";
        String connector = "coop-stage";
        stack.kafka().createTopic(topic, 4);
        stack.kafka().produce(topic, StageFixtures.orders(1, 40));
        ConnectorDefinition definition = StageFixtures.definition(stack, connector, topic);
        Map<String, String> config = new HashMap<>(definition.config());
        config.put("tasks.max", "1");
        // Long enough that rows wait in the task's buffers, short enough to try (and fail) a commit meanwhile.
        config.put(IcebergStageConfig.COMMIT_INTERVAL_MS_CONFIG, "5000");
        config.put("consumer.override.partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        rest.putConnector(new ConnectorDefinition(connector, config));
        try {
            StageFixtures.awaitAllCommitted(stack, connector, "coop", topic);

            // Rows of every partition in the task's buffers (taken while the catalog is there to open them)...
            stack.kafka().produce(topic, StageFixtures.orders(41, 80));
            Await.until("80 records delivered to the task", StageFixtures.TIMEOUT,
                    () -> recordsRead(connector) >= 80);
            Thread.sleep(PUT_MARGIN.toMillis());
            stack.postgres().stop();
            Set<TopicPartition> takenAway;
            try {
                // ... whose commit fails for want of it,
                Await.until("a failed commit", StageFixtures.TIMEOUT,
                        () -> stack.connect().pluginMetric(connector, "commit-failures-total").get(0) > 0);
                // when another member of the group takes half the partitions: the task closes only those, and its
                // commit before that fails too. Then the member leaves, and the partitions come back.
                takenAway = joinGroupUntilAssigned(stack, "connect-" + connector, topic,
                        CooperativeStickyAssignor.class, "cooperative-sticky");
            } finally {
                stack.postgres().start();
            }
            assertThat(takenAway).hasSize(2);
            stack.kafka().produce(topic, StageFixtures.orders(81, 100));

            StageFixtures.awaitAllCommitted(stack, connector, "coop", topic);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "coop"), 1, 100);
            assertThat(StageFixtures.dataFileLocations(stack, "coop")).doesNotHaveDuplicates();
            assertThat(rest.status(connector).path("tasks").findValuesAsText("state")).containsExactly("RUNNING");
        } finally {
            rest.deleteConnector(connector);
        }
    }

    @Test
    void partitionsPausedForABackOffAreReadAgainAfterAnEagerRebalance(LocalStack stack)
            throws InterruptedException {
        stack.s3().createBucket("lakehouse");
        ConnectRestClient rest = stack.connect().rest();
        String topic = "eager.public.orders";
        String connector = "eager-stage";
        stack.kafka().createTopic(topic, 2);
        stack.kafka().produce(topic, StageFixtures.orders(1, 20));
        Map<String, String> config = new HashMap<>(StageFixtures.definition(stack, connector, topic).config());
        config.put("tasks.max", "1");
        config.put("consumer.override.partition.assignment.strategy", RangeAssignor.class.getName());
        rest.putConnector(new ConnectorDefinition(connector, config));
        try {
            StageFixtures.awaitAllCommitted(stack, connector, "eager", topic);

            // With the catalog away every write fails at once and doubles the task's back-off up to its cap of 10 s:
            // the partitions spend nearly all of it paused. The catalog comes back, and the group rebalances before
            // the pause is over (most runs; the unit test PausedAcrossRebalanceTest makes the case every time).
            stack.postgres().stop();
            try {
                stack.kafka().produce(topic, StageFixtures.orders(21, 40));
                Thread.sleep(BACK_OFF_AT_CAP.toMillis());
            } finally {
                stack.postgres().start();
            }
            Set<TopicPartition> takenAway = joinGroupUntilAssigned(stack, "connect-" + connector, topic,
                    RangeAssignor.class, "range");
            assertThat(takenAway).hasSize(1);
            stack.kafka().produce(topic, StageFixtures.orders(41, 50));

            StageFixtures.awaitAllCommitted(stack, connector, "eager", topic);
            StageFixtures.assertRowsAre(StageFixtures.rows(stack, "eager"), 1, 50);
            assertThat(rest.status(connector).path("tasks").findValuesAsText("state")).containsExactly("RUNNING");
        } finally {
            rest.deleteConnector(connector);
        }
    }

    /**
     * Joins the connector's consumer group with a plain consumer until it is given partitions, then leaves; commits
     * nothing.
     */
    private static Set<TopicPartition> joinGroupUntilAssigned(LocalStack stack, String group, String topic,
                                                              Class<?> assignor, String assignorName) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
        try (KafkaConsumer<byte[], byte[]> member =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(topic));
            Set<TopicPartition> assigned = Await.value("partitions given to a second member of " + group,
                    StageFixtures.TIMEOUT, () -> {
                        member.poll(Duration.ofMillis(200));
                        return member.assignment().isEmpty() ? Optional.empty()
                                : Optional.of(Set.copyOf(member.assignment()));
                    });
            assertThat(stack.kafka().admin().describeConsumerGroups(List.of(group)).all().get().get(group)
                    .partitionAssignor()).as("the group's assignor").isEqualTo(assignorName);
            return assigned;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records Connect delivered to the connector's task 0 (its sink task metrics, read from this JVM). */
    private static double recordsRead(String connector) {
        try {
            ObjectName name = new ObjectName("kafka.connect:type=sink-task-metrics,connector=" + connector
                    + ",task=0");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            return server.isRegistered(name) ? ((Number) server.getAttribute(name, "sink-record-read-total"))
                    .doubleValue() : 0;
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
