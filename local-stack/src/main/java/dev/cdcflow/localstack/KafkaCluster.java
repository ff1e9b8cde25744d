package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * Starts the stack's Kafka: one node in this JVM, or a cluster of several nodes, each controller and broker in a JVM
 * of its own ({@link KafkaNode}), its files in {@code node-<id>} of the data folder. The controllers form a static
 * quorum, so a node can be restarted on its ports and the whole cluster resumed on new ones.
 */
final class KafkaCluster {

    private static final String CLUSTER_ID_KEY = "cluster.id=";

    private KafkaCluster() {
    }

    /**
     * A cluster's size, refused when it cannot hold three replicas of each topic (writes acknowledged by two of them,
     * {@code min.insync.replicas=2}).
     */
    static int checkedSize(int size) {
        if (size != 1 && size < KafkaBroker.CLUSTER_REPLICATION) {
            throw new IllegalArgumentException("Kafka runs as 1 node or a cluster of at least "
                    + KafkaBroker.CLUSTER_REPLICATION + " (topics have three replicas there), not " + size);
        }
        return size;
    }

    /** Starts {@code size} nodes on {@code dataDir}, which must hold as many as asked for, or none yet. */
    static KafkaBroker start(Path dataDir, int size) {
        boolean hasSingleNode = Files.exists(dataDir.resolve("log").resolve("meta.properties"));
        boolean hasCluster = Files.exists(nodeDir(dataDir, 1).resolve("log").resolve("meta.properties"));
        if (hasSingleNode && size > 1 || hasCluster && size == 1) {
            throw new IllegalStateException("The Kafka of " + dataDir.getParent() + " has " + (hasSingleNode
                    ? "one node" : "a cluster of nodes") + ", and " + size + " were asked for: resume it as it was, "
                    + "or start over with another --work-dir");
        }
        try {
            return size == 1 ? KafkaBroker.start(dataDir) : startCluster(dataDir, size);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka in " + dataDir, e);
        }
    }

    private static KafkaBroker startCluster(Path dataDir, int size) {
        List<String> portNames = IntStream.rangeClosed(1, size)
                .mapToObj(id -> List.of("broker-" + id, "controller-" + id)).flatMap(List::stream).toList();
        String clusterId = clusterId(dataDir, size).orElseGet(() -> Uuid.randomUuid().toString());
        // Nodes a killed stack left running hold the remembered ports, and a new node must not join their quorum:
        // they go first, side by side.
        IntStream.rangeClosed(1, size).parallel().forEach(id -> KafkaNode.stopLeftover(nodeDir(dataDir, id)));
        return LoopbackPorts.start("the Kafka cluster", dataDir, portNames, ports -> {
            ports.forEach(port -> LoopbackPorts.requireFree("the Kafka cluster", port));
            String voters = IntStream.rangeClosed(1, size)
                    .mapToObj(id -> id + "@127.0.0.1:" + ports.get(2 * id - 1)).collect(Collectors.joining(","));
            List<KafkaNode> nodes = new ArrayList<>();
            for (int id = 1; id <= size; id++) {
                Path dir = nodeDir(dataDir, id);
                Path logDir = dir.resolve("log");
                createDirectories(logDir);
                if (!Files.exists(logDir.resolve("meta.properties"))) {
                    KafkaBroker.format(logDir, id, clusterId);
                }
                int brokerPort = ports.get(2 * id - 2);
                nodes.add(new KafkaNode(id, dir, KafkaBroker.nodeProperties(id, voters, brokerPort,
                        ports.get(2 * id - 1), logDir, size), "127.0.0.1:" + brokerPort));
            }
            try {
                // All at once: no node is ready before a majority of the controllers is up.
                nodes.forEach(KafkaNode::launch);
                nodes.forEach(KafkaNode::awaitRegistered);
                return KafkaBroker.ofCluster(nodes);
            } catch (RuntimeException e) {
                nodes.forEach(KafkaNode::kill);
                throw e;
            }
        });
    }

    /** The id of the cluster a node of {@code dataDir} was formatted for, if one was. */
    private static Optional<String> clusterId(Path dataDir, int size) {
        for (int id = 1; id <= size; id++) {
            Path meta = nodeDir(dataDir, id).resolve("log").resolve("meta.properties");
            if (Files.exists(meta)) {
                try {
                    return Files.readAllLines(meta).stream().filter(line -> line.startsWith(CLUSTER_ID_KEY))
                            .map(line -> line.substring(CLUSTER_ID_KEY.length()).strip()).findFirst();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + meta, e);
                }
            }
        }
        return Optional.empty();
    }

    private static Path nodeDir(Path dataDir, int id) {
        return dataDir.resolve("node-" + id);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }
}
