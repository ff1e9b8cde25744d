package dev.cdcflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's Kafka as a cluster of three nodes, each in a JVM of its own: topics have three replicas and need two
 * for a write, a node killed with SIGKILL loses no acknowledged record and comes back into every partition's in-sync
 * replicas, and the cluster resumes from its folder.
 */
@Tag("integration")
class KafkaClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void aKilledNodeLosesNoAcknowledgedRecordAndCatchesUp(@TempDir Path dir) {
        String topic = "cluster-check";
        try (KafkaBroker kafka = KafkaCluster.start(dir.resolve("kafka"), 3)) {
            assertThat(kafka.nodes()).hasSize(3);
            kafka.createTopic(topic, 3);
            TopicDescription description = describe(kafka, topic);
            assertThat(description.partitions()).allSatisfy(partition ->
                    assertThat(partition.replicas()).hasSize(3));
            ConfigResource topicConfig = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(kafka.admin().describeConfigs(List.of(topicConfig)).all().toCompletionStage()
                    .toCompletableFuture().join().get(topicConfig).get("min.insync.replicas").value()).isEqualTo("2");
            kafka.produce(topic, records(0, 100));

            KafkaNode victim = kafka.nodes().get(1);
            victim.kill();
            assertThat(victim.isRunning()).isFalse();
            kafka.produce(topic, records(100, 200));
            victim.start();
            kafka.awaitFullyReplicated(TIMEOUT);

            assertThat(kafka.readAll(topic)).hasSize(200);
        }

        assertThat(Files.exists(dir.resolve("kafka/node-3/log/meta.properties"))).isTrue();
        assertThatThrownBy(() -> KafkaCluster.start(dir.resolve("kafka"), 1))
                .hasMessageContaining("has a cluster of nodes, and 1 were asked for");
        try (KafkaBroker resumed = KafkaCluster.start(dir.resolve("kafka"), 3)) {
            assertThat(resumed.readAll(topic)).as("the records after a restart of the cluster").hasSize(200);
        }
    }

    @Test
    void aClusterSmallerThanThreeReplicasIsRefused() {
        assertThatThrownBy(() -> LocalStack.builder().brokers(2)).hasMessageContaining("at least 3");
    }

    private static TopicDescription describe(KafkaBroker kafka, String topic) {
        return kafka.admin().describeTopics(List.of(topic)).allTopicNames().toCompletionStage().toCompletableFuture()
                .join().get(topic);
    }

    private static List<Map.Entry<String, String>> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Map.entry("k" + i, "v" + i)).toList();
    }
}
