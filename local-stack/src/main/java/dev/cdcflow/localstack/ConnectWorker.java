package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * A distributed-mode Kafka Connect worker: in this JVM, or, given the jars of another Kafka release, in a JVM of its
 * own ({@link ConnectProcess}). Its {@code plugin.path} is a folder of links to the plugin folders it was given, so it
 * sees exactly those plugins, isolated as in a real deployment.
 */
public final class ConnectWorker implements AutoCloseable {

    /** Worker group id; also the prefix of its internal topics. */
    public static final String GROUP_ID = "cdcflow-connect";

    private final Map<String, String> workerProps;
    /** The Kafka release's jars and the java to run them with, for a worker in its own JVM; null for this JVM. */
    private final WorkerRuntime runtime;
    private final Path workDir;
    private Connect<DistributedHerder> connect;
    private ConnectProcess process;
    private ConnectRestClient rest;

    /**
     * Where a worker of another Kafka release comes from: its jars, the java that runs them, and the Prometheus
     * exporter agent it runs (none: null).
     */
    public record WorkerRuntime(Path lib, Path java, MetricsAgent agent) {

        public WorkerRuntime(Path lib, Path java) {
            this(lib, java, null);
        }

        /** The same runtime, its JVM started with this exporter agent. */
        public WorkerRuntime withAgent(MetricsAgent metricsAgent) {
            return new WorkerRuntime(lib, java, metricsAgent);
        }
    }

    /** The exporter agent's jar and rules, and its loopback port (0: a free one). */
    public record MetricsAgent(Path jar, Path rules, int port) {
    }

    private ConnectWorker(Map<String, String> workerProps, WorkerRuntime runtime, Path workDir) {
        this.workerProps = workerProps;
        this.runtime = runtime;
        this.workDir = workDir;
    }

    static ConnectWorker start(String bootstrapServers, List<Path> pluginFolders, Path workDir,
                               Map<String, String> overrides, WorkerRuntime runtime) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", GROUP_ID);
        props.put("config.storage.topic", GROUP_ID + "-configs");
        props.put("offset.storage.topic", GROUP_ID + "-offsets");
        props.put("status.storage.topic", GROUP_ID + "-status");
        // The broker's default: 1 on the single node, 3 on a cluster.
        props.put("config.storage.replication.factor", "-1");
        props.put("offset.storage.replication.factor", "-1");
        props.put("status.storage.replication.factor", "-1");
        props.put("offset.storage.partitions", "5");
        props.put("status.storage.partitions", "1");
        // JSON with schemas: no schema registry can run here; the Compose stack uses Avro instead.
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter.schemas.enable", "true");
        props.put("value.converter.schemas.enable", "true");
        props.put("plugin.path", linkPluginFolders(pluginFolders, workDir.resolve("plugins")).toString());
        // Only ServiceLoader manifests: the default hybrid scan costs ~17 s and ~2 GB of heap.
        props.put("plugin.discovery", "service_load");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("offset.flush.interval.ms", "1000");
        // A restarted worker gets its tasks back at once instead of after the default five-minute grace period.
        props.put("scheduled.rebalance.max.delay.ms", "0");
        props.put("connector.client.config.override.policy", "All");
        // Debezium's task needs more than the default 5 s to leave its replication stream; cut short, it logs
        // errors and leaves its last offsets unflushed.
        props.put("task.shutdown.graceful.timeout.ms", "20000");
        // The templates' ${env:NAME} secrets: from the environment of a worker of its own JVM, as in Compose; from
        // StackSecrets for a worker in this JVM.
        props.put("config.providers", "env");
        props.put("config.providers.env.class", runtime != null
                ? "org.apache.kafka.common.config.provider.EnvVarConfigProvider" : StackSecrets.class.getName());
        props.putAll(overrides);
        ConnectWorker worker = new ConnectWorker(props, runtime, workDir);
        worker.start();
        return worker;
    }

    /** Starts the worker (again, after {@link #stop()}); the REST port may change. */
    public synchronized void start() {
        if (connect != null || process != null) {
            return;
        }
        if (runtime != null) {
            process = ConnectProcess.start(runtime, workerProps, workDir.resolve(ConnectGroup.PROCESS_DIR));
            rest = new ConnectRestClient(process.restUrl());
            return;
        }
        connect = startWithoutShutdownHook(workerProps);
        rest = new ConnectRestClient(connect.rest().advertisedUrl());
    }

    /**
     * Starts Connect in this JVM without the shutdown hook it registers for itself: the stack's own hook stops the
     * worker before the services under it, and a second hook racing it (one more for every restart) only adds a
     * shutdown that can wait on a REST server another thread is stopping. Hooks other threads add are kept.
     */
    private static Connect<DistributedHerder> startWithoutShutdownHook(Map<String, String> workerProps) {
        Thread starter = Thread.currentThread();
        Exit.setShutdownHookAdder((name, hook) -> {
            if (Thread.currentThread() != starter) {
                Runtime.getRuntime().addShutdownHook(new Thread(hook, name));
            }
        });
        try {
            return new ConnectDistributed().startConnect(workerProps);
        } finally {
            Exit.resetShutdownHookAdder();
        }
    }

    /** Stops the worker; connectors and their offsets survive in Kafka for the next {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
            rest = null;
            return;
        }
        if (connect == null) {
            return;
        }
        connect.stop();
        connect.awaitStop();
        awaitHerderStopped();
        connect = null;
        rest = null;
    }

    /**
     * Kills the worker as a crash would (SIGKILL): its tasks are not stopped and its offsets not flushed; the group
     * notices when its session times out. Only a worker in a JVM of its own can be killed alone.
     */
    public synchronized void kill() {
        requireOwnJvm("killed");
        process.kill();
        process = null;
        rest = null;
    }

    /**
     * Freezes the worker (SIGSTOP) for as long as it takes to call {@link #resume()}: a GC pause or a stalled
     * machine. Past the session timeouts the group gives its tasks to other workers, while the frozen ones still
     * believe they own them: what a zombie is.
     */
    public synchronized void pause() {
        requireOwnJvm("paused");
        process.pause();
    }

    /** Lets a paused worker go on (SIGCONT). */
    public synchronized void resume() {
        requireOwnJvm("resumed");
        process.resume();
    }

    /**
     * Cuts the worker off from these loopback ports (the Kafka brokers', say) as a network partition would: its
     * packets to them are dropped, its connections stall, while it still reaches everything else. Past the session
     * timeouts the group moves its tasks, and the worker goes on running them: a zombie that can still write to the
     * sinks' systems. Needs root (see {@link #networkCutsUnavailableBecause()}).
     */
    public synchronized void cutOffFrom(Collection<Integer> ports) {
        requireOwnJvm("cut off the network");
        process.cutOffFrom(ports);
    }

    /** Ends a cut made by {@link #cutOffFrom}. */
    public synchronized void heal() {
        requireOwnJvm("healed");
        process.heal();
    }

    /** Why workers cannot be cut off the network on this machine, or null when they can. */
    public static String networkCutsUnavailableBecause() {
        return NetworkCut.unavailableBecause();
    }

    /** Whether the worker runs (started and not stopped or killed). */
    public synchronized boolean isRunning() {
        return connect != null || process != null && process.isAlive();
    }

    /** The operating system's id of a worker in a JVM of its own. */
    public synchronized long pid() {
        requireOwnJvm("named by pid");
        return process.pid();
    }

    private void requireOwnJvm(String what) {
        if (process == null) {
            throw new UnsupportedOperationException(connect != null
                    ? "Only a worker in a JVM of its own can be " + what + " (LocalStack.Builder.workers)"
                    : "The Connect worker is stopped");
        }
    }

    /**
     * Waits for the herder to finish stopping its tasks. Connect's own shutdown hook may be stopping the worker at
     * the same time (Ctrl-C), and then {@code awaitStop} returns at once: without this wait, the stack would stop
     * Kafka and PostgreSQL under tasks that are still closing.
     */
    private void awaitHerderStopped() {
        Future<?> herder = connect.herderTask();
        if (herder == null) {
            return;
        }
        try {
            herder.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // Stopped badly or not in time: the services go down regardless.
        }
    }

    /** The loopback port of the exporter agent of a worker in its own JVM; 0 when it runs none. */
    public synchronized int agentPort() {
        requireRunning();
        return process != null ? process.agentPort() : 0;
    }

    public synchronized URI restUrl() {
        requireRunning();
        return process != null ? process.restUrl() : connect.rest().advertisedUrl();
    }

    /** The id Connect names this worker by in a connector's status ({@code worker_id}): its REST host and port. */
    public synchronized String workerId() {
        URI url = restUrl();
        return url.getHost() + ":" + url.getPort();
    }

    /** The REST API of the running worker. */
    public synchronized ConnectRestClient rest() {
        requireRunning();
        return rest;
    }

    /**
     * A plugin metric of each of a connector's tasks that publishes it (Kafka 4.1+ publishes them over JMX), read from
     * this JVM's beans: the worker runs here (not for a worker in its own JVM). Fails when no bean of the connector has
     * the metric.
     */
    public List<Long> pluginMetric(String connector, String metric) {
        if (runtime != null) {
            throw new UnsupportedOperationException("The worker runs in a JVM of its own: its metrics are not here");
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<Long> values = new ArrayList<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:*"), null)) {
                if (name.getKeyProperty("type").contains("plugin")
                        && connector.equals(name.getKeyProperty("connector"))
                        && Arrays.stream(server.getMBeanInfo(name).getAttributes())
                        .anyMatch(attribute -> attribute.getName().equals(metric))) {
                    values.add(((Number) server.getAttribute(name, metric)).longValue());
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("Cannot read plugin metric " + metric + " of " + connector, e);
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("No plugin metric " + metric + " for connector " + connector);
        }
        return values;
    }

    public String pluginPath() {
        return workerProps.get("plugin.path");
    }

    @Override
    public void close() {
        stop();
    }

    private void requireRunning() {
        if (connect == null && process == null) {
            throw new IllegalStateException("The Connect worker is stopped");
        }
    }

    private static Path linkPluginFolders(List<Path> pluginFolders, Path pluginPath) {
        try {
            Files.createDirectories(pluginPath);
            for (Path folder : pluginFolders) {
                Path absolute = folder.toAbsolutePath().normalize();
                if (!Files.isDirectory(absolute)) {
                    throw new IllegalArgumentException("Plugin folder " + absolute + " does not exist. Build it first: "
                            + "./mvnw -DskipTests package");
                }
                Path link = pluginPath.resolve(absolute.getFileName());
                // A resumed stack links again: the plugin folders may have been rebuilt elsewhere.
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, absolute);
            }
            return pluginPath;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare plugin.path " + pluginPath, e);
        }
    }
}
