package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One node of the stack's Kafka cluster (controller and broker in one process), in a JVM of its own so that it can be
 * stopped or killed alone while the others go on. It runs Kafka's own main class from this JVM's class path.
 */
public final class KafkaNode {

    private static final String PID_FILE = "node.pid";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final int id;
    private final Path dir;
    private final Map<String, String> properties;
    private final String bootstrap;
    private Process process;
    /** The node's log as it was before the last launch: what the launch wrote follows. */
    private ServerLog launchLog;

    KafkaNode(int id, Path dir, Map<String, String> properties, String bootstrap) {
        this.id = id;
        this.dir = dir;
        this.properties = new TreeMap<>(properties);
        this.bootstrap = bootstrap;
    }

    /** The node id (1, 2, 3…), as the cluster's metadata names it. */
    public int id() {
        return id;
    }

    /** This node's own broker address. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** Starts the node (again, after {@link #stop} or {@link #kill}) and waits until it has joined the cluster. */
    public synchronized void start() {
        launch();
        awaitRegistered();
    }

    /** Stops the node as a service manager does (SIGTERM: a controlled shutdown, leaders moved first). */
    public void stop() {
        stop(Duration.ofMinutes(2));
    }

    /** Stops the node with SIGTERM, and with SIGKILL when it has not stopped after {@code grace}. */
    synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the node as a crash does (SIGKILL): its partitions' leaders move when the controller notices. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the process without waiting: a new cluster's nodes must all be up before any of them is ready. */
    synchronized void launch() {
        if (isRunning()) {
            return;
        }
        stopLeftover(dir);
        try {
            StringBuilder text = new StringBuilder();
            properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Path config = Files.writeString(dir.resolve("server.properties"), text);
            Path log4j2 = Files.writeString(dir.resolve("log4j2.properties"), "rootLogger.level=warn\n"
                    + "rootLogger.appenderRef.out.ref=out\nappender.out.type=Console\nappender.out.name=out\n"
                    + "appender.out.layout.type=PatternLayout\nappender.out.layout.pattern=%d %p %c{1} - %m%n\n");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + log4j2,
                    "-cp", System.getProperty("java.class.path"), "kafka.Kafka", config.toString());
            launchLog = ServerLog.from(log());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            Files.writeString(dir.resolve(PID_FILE), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka node " + id + " in " + dir, e);
        }
    }

    /**
     * Stops the node of {@code dir} an earlier stack left running when it was killed: it would hold the ports and the
     * log. Briefly: a leftover whose controllers are gone cannot finish a controlled shutdown anyway.
     */
    static void stopLeftover(Path dir) {
        Leftovers.stop(dir.resolve(PID_FILE), dir, "a Kafka node", 10);
    }

    /** Waits until the node answers on its own address and the cluster lists it. */
    void awaitRegistered() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Await.until("Kafka node " + id + " at " + bootstrap + " to join the cluster", START_TIMEOUT, () -> {
                if (!isRunning()) {
                    String exited = "Kafka node " + id + " exited; its log " + log() + " ends with:\n" + tail();
                    throw launchLog.mentions("Address already in use")
                            ? new LoopbackPorts.PortTakenException(exited) : new IllegalStateException(exited);
                }
                try {
                    return admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).stream()
                            .anyMatch(node -> node.id() == id);
                } catch (Exception notYet) {
                    return false;
                }
            });
        }
    }

    private Path log() {
        return dir.resolve("node.log");
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
