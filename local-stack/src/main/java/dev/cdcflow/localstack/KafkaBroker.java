package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The stack's Kafka, plus the produce/consume helpers tests need: a single node in KRaft combined mode (one process is
 * controller and broker) in this JVM, or a cluster of several such nodes, each in a JVM of its own ({@link
 * KafkaCluster}), with topics replicated to three of them. Its data folder is formatted once; started again on the
 * same folder, Kafka resumes with every topic and offset it had (the ports may change: the quorum is static, so no
 * address is stored in the metadata log).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Replicas of each topic on a cluster, and how many must have a write before it is acknowledged. */
    static final int CLUSTER_REPLICATION = 3;
    static final int CLUSTER_MIN_IN_SYNC = 2;
    private static final Duration LAST_NODE_GRACE = Duration.ofSeconds(5);

    /** The node in this JVM; null for a cluster. */
    private final KafkaRaftServer server;
    private final List<KafkaNode> nodes;
    private final String bootstrapServers;
    private final Admin admin;

    private KafkaBroker(KafkaRaftServer server, List<KafkaNode> nodes, String bootstrapServers) {
        this.server = server;
        this.nodes = List.copyOf(nodes);
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A cluster of nodes in JVMs of their own, started and ready. */
    static KafkaBroker ofCluster(List<KafkaNode> nodes) {
        String bootstrap = nodes.stream().map(KafkaNode::bootstrapServers).collect(Collectors.joining(","));
        KafkaBroker kafka = new KafkaBroker(null, nodes, bootstrap);
        kafka.awaitReady(Duration.ofSeconds(60));
        return kafka;
    }

    static KafkaBroker start(Path dataDir) throws IOException {
        Path logDir = dataDir.resolve("log");
        Files.createDirectories(logDir);
        return LoopbackPorts.start("the Kafka broker", dataDir, List.of("broker", "controller"), ports -> {
            // Checked first: a failed start costs Kafka seconds (and see startWithoutHalting).
            ports.forEach(port -> LoopbackPorts.requireFree("the Kafka broker", port));
            return start(logDir, ports.get(0), ports.get(1));
        });
    }

    /** Starts the broker on these ports, formatting {@code logDir} the first time. */
    static KafkaBroker start(Path logDir, int brokerPort, int controllerPort) {
        String bootstrap = "127.0.0.1:" + brokerPort;
        KafkaConfig config = new KafkaConfig(nodeProperties(NODE_ID, NODE_ID + "@127.0.0.1:" + controllerPort,
                brokerPort, controllerPort, logDir, 1), false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir, NODE_ID, Uuid.randomUuid().toString());
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            startWithoutHalting(server);
        } catch (RuntimeException e) {
            // Stop what did start, so another try can take the log folder.
            server.shutdown();
            server.awaitShutdown();
            String failed = "Cannot start the Kafka broker on ports " + brokerPort + " and " + controllerPort + ": "
                    + e.getMessage();
            // Kafka's halt does not say why: a port another program holds now, with ours closed, is the reason.
            if (!LoopbackPorts.isFree(brokerPort) || !LoopbackPorts.isFree(controllerPort)) {
                throw new LoopbackPorts.PortTakenException(failed + " (a port is taken)", e);
            }
            throw new IllegalStateException(failed, e);
        }
        KafkaBroker broker = new KafkaBroker(server, List.of(), bootstrap);
        try {
            broker.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * The properties of a node that is controller and broker, one of {@code clusterSize} whose controllers are
     * {@code voters}; on a cluster, topics (Kafka's own included) get three replicas and need two for a write.
     */
    static Map<String, String> nodeProperties(int nodeId, String voters, int brokerPort, int controllerPort,
                                              Path logDir, int clusterSize) {
        String replication = Integer.toString(clusterSize > 1 ? CLUSTER_REPLICATION : 1);
        String minInSync = Integer.toString(clusterSize > 1 ? CLUSTER_MIN_IN_SYNC : 1);
        String bootstrap = "127.0.0.1:" + brokerPort;
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters);
        props.put("listeners",
                "PLAINTEXT://" + bootstrap + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + bootstrap);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("default.replication.factor", replication);
        props.put("min.insync.replicas", minInSync);
        props.put("offsets.topic.replication.factor", replication);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minInSync);
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", minInSync);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "1");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        return props;
    }

    /**
     * Kafka's controller halts the JVM when it cannot start, a taken port among the reasons. While this thread starts
     * the server, a halt called on it becomes an exception instead, so the stack can stop what started and try other
     * ports; a halt on any other thread still halts.
     */
    private static void startWithoutHalting(KafkaRaftServer server) {
        Thread starter = Thread.currentThread();
        Exit.setHaltProcedure((status, message) -> {
            if (Thread.currentThread() != starter) {
                Runtime.getRuntime().halt(status);
            }
            throw new IllegalStateException("Kafka would have halted the JVM with status " + status
                    + (message == null ? "" : ": " + message));
        });
        try {
            server.startup();
        } finally {
            Exit.resetHaltProcedure();
        }
    }

    /** Formats a node's log folder as node {@code nodeId} of the cluster {@code clusterId}. */
    static void format(Path logDir, int nodeId, String clusterId) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(clusterId)
                    .setNodeId(nodeId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    // What users run, not the newest (possibly unstable) version.
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log folder " + logDir, e);
        }
    }

    /** Waits until every node answers and has registered with the controllers. */
    private void awaitReady(Duration timeout) {
        int expected = Math.max(1, nodes.size());
        Await.until("the Kafka nodes at " + bootstrapServers + " to answer", timeout, () -> {
            try {
                return admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() >= expected;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The loopback ports clients talk to, one per node: what a worker cut off from Kafka loses. */
    public List<Integer> clientPorts() {
        return Arrays.stream(bootstrapServers.split(","))
                .map(server -> Integer.parseInt(server.substring(server.lastIndexOf(':') + 1))).toList();
    }

    /** The nodes of a cluster, each in a JVM of its own; empty for the single node in this JVM. */
    public List<KafkaNode> nodes() {
        return nodes;
    }

    /** How many replicas a topic gets: 3 on a cluster, 1 on the single node. */
    public int replicationFactor() {
        return nodes.size() > 1 ? CLUSTER_REPLICATION : 1;
    }

    /**
     * Waits until every partition of every topic has all its replicas in sync again (after a node came back), so
     * that the next fault finds the cluster whole.
     */
    public void awaitFullyReplicated(Duration timeout) {
        Await.until("every partition's replicas in sync", timeout, () -> {
            try {
                Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(5, TimeUnit.SECONDS);
                return admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.isr().size() == partition.replicas().size());
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    /** A shared admin client; closed with the broker. */
    public Admin admin() {
        return admin;
    }

    /**
     * Whether consumer group {@code group} has committed the end of every partition of {@code topic}: a sink that
     * commits only what is durable has written all of it.
     */
    public boolean groupAtEnd(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()),
                            OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet().stream()
                    .allMatch(end -> committed.get(end.getKey()) != null
                            && committed.get(end.getKey()).offset() >= end.getValue().offset());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the offsets of " + group, e);
        }
    }

    /** Creates a topic unless it exists. */
    public void createTopic(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topic " + topic, e);
        }
    }

    public Set<String> topics() {
        try {
            return admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted listing topics", e);
        }
    }

    /** Produces string records and waits until every one is acknowledged. */
    public void produce(String topic, List<Map.Entry<String, String>> keyValues) {
        send(keyValues.stream().map(keyValue -> new ProducerRecord<>(topic, keyValue.getKey(), keyValue.getValue()))
                .toList());
    }

    /** Produces records as given (partition, headers, null values) and waits until every one is acknowledged. */
    public void send(List<ProducerRecord<String, String>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Tests rely on the order they send in: one request in flight, so a retried batch never overtakes another.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    /**
     * Reads a topic from the beginning of every partition until at least {@code count} records have arrived, and
     * returns all records read (ordered per partition). Fails if fewer arrive within {@code timeout}.
     */
    public List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            List<TopicPartition> partitions = Await.value("partitions of topic " + topic, timeout, () -> {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                return infos == null || infos.isEmpty()
                        ? Optional.empty()
                        : Optional.of(infos.stream()
                                .map(info -> new TopicPartition(topic, info.partition()))
                                .collect(Collectors.toList()));
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Expected at least " + count + " records in " + topic
                            + " within " + timeout.toSeconds() + " s, got " + records.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Every record of {@code topic} from the beginning up to its end as of this call (empty if it does not exist). */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            if (!topics().contains(topic)) {
                return records;
            }
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * A consumer for reading topics by assignment (no group, nothing committed) that sees committed records only:
     * a transactional producer's aborted or open records are not part of a topic.
     */
    private KafkaConsumer<String, String> newConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
        // One after the other, each while a majority of the controllers is there to take its controlled shutdown.
        // The last node has none left: its shutdown would wait for one for minutes, so it gets a few seconds and is
        // then killed (its log is in the page cache; it recovers its last segments when it starts again).
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).stop(i < nodes.size() - 1 ? Duration.ofMinutes(2) : LAST_NODE_GRACE);
        }
    }
}
