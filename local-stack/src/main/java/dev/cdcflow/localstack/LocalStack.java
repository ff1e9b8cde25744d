package dev.cdcflow.localstack;

import dev.cdcflow.connectinit.ConnectorDefinition;
import dev.cdcflow.connectinit.ConnectorRegistrar;
import dev.cdcflow.connectinit.ConnectorTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's services, started together on free loopback ports in one scratch folder, with no Docker: a Kafka
 * KRaft broker and a Connect worker in this JVM, embedded PostgreSQL, a private ClickHouse server and an in-process
 * S3 server. The services that do not depend on each other start in parallel.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().pluginFolder(path).build().start()) {
 *     stack.register(Path.of("connectors/debezium-postgres.template.json"), Map.of());
 * }
 * }</pre>
 *
 * In JUnit 5 tests use {@link LocalStackTest}, which starts one stack per test JVM and shares it.
 */
public final class LocalStack implements AutoCloseable {

    /** Comma-separated plugin folders for the Connect worker; failsafe sets it from the pom. */
    public static final String PLUGINS_PROPERTY = "localstack.plugins";
    /** The repository root, where {@code connectors/} lives; failsafe sets it from the pom. */
    public static final String REPO_DIR_PROPERTY = "localstack.repo.dir";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    /** How long registering a connector waits out a worker that is rebalancing. */
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(2);

    private final Path workDir;
    private final boolean deleteWorkDir;
    private final List<Path> pluginFolders;
    private final Map<String, String> workerOverrides;
    private final ConnectWorker.WorkerRuntime workerRuntime;
    private final int metricsPort;
    private final int workerCount;
    private final int brokerCount;
    private final Map<String, Duration> startupTimes = new LinkedHashMap<>();
    private KafkaBroker kafka;
    private ConnectWorker connect;
    private List<ConnectWorker> workers = List.of();
    private PostgresServer postgres;
    private ClickHouseServer clickHouse;
    private S3Server s3;
    private MetricsEndpoint metrics;
    private Thread shutdownHook;
    private WorkDirLock workDirLock;

    private LocalStack(Builder builder) {
        this.workDir = builder.workDir;
        this.deleteWorkDir = builder.deleteWorkDir;
        this.pluginFolders = List.copyOf(builder.pluginFolders);
        this.workerOverrides = Map.copyOf(builder.workerOverrides);
        this.workerRuntime = builder.workerRuntime;
        this.metricsPort = builder.metricsPort;
        this.workerCount = builder.workerCount;
        this.brokerCount = builder.brokerCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with the plugin folders named by the {@value #PLUGINS_PROPERTY} system property. */
    public static Builder fromSystemProperties() {
        Builder builder = builder();
        String plugins = System.getProperty(PLUGINS_PROPERTY, "");
        Arrays.stream(plugins.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .forEach(builder::pluginFolder);
        return builder;
    }

    /** The repository root (for {@code connectors/} templates): the system property, else the working directory. */
    public static Path repositoryDir() {
        String dir = System.getProperty(REPO_DIR_PROPERTY);
        return dir == null || dir.isBlank() ? Path.of("").toAbsolutePath() : Path.of(dir);
    }

    /**
     * Starts every service and waits until each answers; on failure, stops what had started. On a work folder an
     * earlier stack left (stopped, or killed), every service resumes its data: Kafka's log and Connect's offsets,
     * PostgreSQL's data and replication slot, ClickHouse's tables, the S3 objects; servers a killed stack left running
     * are stopped first.
     */
    public LocalStack start() {
        long started = System.nanoTime();
        workDirLock = WorkDirLock.acquire(workDir);
        if (workDirLock.resuming()) {
            LOG.info("Resuming the stack in {}", workDir);
        }
        shutdownHook = new Thread(() -> {
            // A signal (Ctrl-C, SIGTERM) or an exit that left the stack running: stop it, but never hang the JVM.
            JvmExit.haltAfterGrace(1, "shutdown");
            closeQuietly();
        }, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        ExecutorService pool = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "local-stack-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Path rules = repositoryDir().resolve(MetricsEndpoint.RULES);
            Path agent = repositoryDir().resolve(MetricsEndpoint.AGENT);
            // A worker of its own JVM runs the image's exporter agent, when the build has copied it.
            ConnectWorker.WorkerRuntime ownJvm = workerRuntime != null ? workerRuntime
                    : workerCount > 1 ? WorkerRuntimes.thisRelease(repositoryDir()) : null;
            CompletableFuture<Void> kafkaAndConnect = CompletableFuture.runAsync(() -> {
                ConnectGroup.stopLeftovers(workDir, workerCount);
                kafka = timed("kafka", () -> KafkaCluster.start(workDir.resolve("kafka"), brokerCount));
                workers = timed("connect", () -> ConnectGroup.start(workerCount, kafka.bootstrapServers(),
                        pluginFolders, workDir, workerOverrides, ownJvm, agent, rules, metricsPort));
                connect = workers.get(0);
                if (ownJvm == null) {
                    metrics = MetricsEndpoint.start(rules, metricsPort);
                }
            }, pool);
            CompletableFuture<Void> postgresStarted = CompletableFuture.runAsync(
                    () -> postgres = timed("postgres", () -> PostgresServer.start(workDir.resolve("postgres"))), pool);
            CompletableFuture<Void> clickHouseStarted = CompletableFuture.runAsync(
                    () -> clickHouse = timed("clickhouse",
                            () -> ClickHouseServer.start(workDir.resolve("clickhouse"))), pool);
            CompletableFuture<Void> s3Started = CompletableFuture.runAsync(
                    () -> s3 = timed("s3", () -> S3Server.start(workDir.resolve("s3"))), pool);
            CompletableFuture.allOf(kafkaAndConnect, postgresStarted, clickHouseStarted, s3Started).join();
        } catch (CompletionException e) {
            boolean resuming = workDirLock.resuming();
            closeQuietly();
            Throwable cause = e.getCause();
            if (resuming) {
                throw new IllegalStateException("Cannot resume the stack in " + workDir + ": " + cause.getMessage()
                        + ". Its data may be damaged: start over with another --work-dir, or delete this one", cause);
            }
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("The local stack did not start", cause);
        } finally {
            pool.shutdownNow();
        }
        startupTimes.put("total", Duration.ofNanos(System.nanoTime() - started));
        LOG.info("Local stack started in {} ms ({})\n{}", startupTimes.get("total").toMillis(),
                startupTimes.entrySet().stream().filter(entry -> !"total".equals(entry.getKey()))
                        .map(entry -> entry.getKey() + " " + entry.getValue().toMillis() + " ms")
                        .collect(Collectors.joining(", ")),
                describe());
        return this;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The Connect worker; with several, the first (any worker's REST API serves the whole group). */
    public ConnectWorker connect() {
        return connect;
    }

    /** Every Connect worker of the group, the first being {@link #connect()}. */
    public List<ConnectWorker> workers() {
        return workers;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public ClickHouseServer clickHouse() {
        return clickHouse;
    }

    /**
     * The Prometheus endpoint of the worker: this JVM's, or the exporter agent's of a worker in a JVM of its own (none
     * when the build has not copied the agent: {@link MetricsEndpoint#AGENT}).
     */
    public MetricsEndpoint metrics() {
        return metricsEndpoint().orElseThrow(() -> new UnsupportedOperationException("The worker runs in a JVM of "
                + "its own without the exporter agent (" + MetricsEndpoint.AGENT + " is built by ./mvnw package -pl "
                + "local-stack)"));
    }

    private Optional<MetricsEndpoint> metricsEndpoint() {
        if (metrics != null) {
            return Optional.of(metrics);
        }
        // Asked each time: a restarted worker of its own JVM may have had to take another port.
        int agentPort = connect.isRunning() ? connect.agentPort() : 0;
        return agentPort == 0 ? Optional.empty() : Optional.of(MetricsEndpoint.ofAgent(agentPort));
    }

    public S3Server s3() {
        return s3;
    }

    public Path workDir() {
        return workDir;
    }

    /** Whether this stack resumed an earlier stack's work folder. */
    public boolean resumed() {
        return workDirLock != null && workDirLock.resuming();
    }

    /** How long each service took to start, and the total wall time. */
    public Map<String, Duration> startupTimes() {
        return Map.copyOf(startupTimes);
    }

    /**
     * The values connector templates are filled with: the same names the Compose stack's {@code .env} defines, here
     * pointing at this stack's services. The passwords the templates name as {@code ${env:NAME}} are in
     * {@link StackSecrets}, which the worker resolves them from.
     */
    public Map<String, String> templateVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        variables.put("TOPIC_REPLICATION_FACTOR", Integer.toString(kafka.replicationFactor()));
        variables.put("KEY_CONVERTER", JSON_CONVERTER);
        variables.put("VALUE_CONVERTER", JSON_CONVERTER);
        variables.put("POSTGRES_HOST", postgres.host());
        variables.put("POSTGRES_PORT", Integer.toString(postgres.port()));
        variables.put("POSTGRES_DB", PostgresServer.DATABASE);
        variables.put("POSTGRES_USER", PostgresServer.USER);
        // Compose's seeder writes as a table-owner role; here the superuser, unless the pipeline made that role
        // (StorefrontPipeline runs the migrations of sql/postgres/, which make it).
        variables.put("SEEDER_DB_USER", PostgresServer.USER);
        // Compose gives Debezium a least-privilege user; the embedded server has only its superuser.
        variables.put("DEBEZIUM_DB_USER", PostgresServer.USER);
        variables.put("CLICKHOUSE_URL", clickHouse.httpUrl());
        variables.put("CLICKHOUSE_USER", ClickHouseServer.USER);
        // ClickHouse 18.16 has no SQL-managed users: the sink writes as the default user.
        variables.put("CLICKHOUSE_SINK_USER", ClickHouseServer.USER);
        variables.put("S3_ENDPOINT", s3.endpoint().toString());
        variables.put("S3_REGION", S3Server.REGION);
        variables.put("S3_ACCESS_KEY", S3Server.ACCESS_KEY);
        // The S3 server here has one key pair: the Iceberg stage uses it too.
        variables.put("ICEBERG_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
        return variables;
    }

    /**
     * Renders a connector template with {@link #templateVariables()} plus {@code overrides} and creates or updates
     * the connector as the Compose stack's connect-init does (a connector already so configured is left alone).
     */
    public ConnectorDefinition register(Path template, Map<String, String> overrides) {
        ConnectorDefinition connector = render(template, overrides);
        new ConnectorRegistrar(connect.rest().baseUrl(), REGISTRATION_TIMEOUT).register(connector);
        return connector;
    }

    /** Renders a connector template with {@link #templateVariables()} plus {@code overrides}, without registering. */
    public ConnectorDefinition render(Path template, Map<String, String> overrides) {
        Map<String, String> variables = new LinkedHashMap<>(templateVariables());
        variables.putAll(overrides);
        return ConnectorTemplate.load(template).render(variables);
    }

    /** The template {@code connectors/<name>.template.json} of this repository. */
    public static Path template(String name) {
        return repositoryDir().resolve("connectors").resolve(name + ".template.json");
    }

    /** Where each service listens, one per line, for people. */
    public String describe() {
        return String.join("\n",
                "  Kafka bootstrap     " + kafka.bootstrapServers(),
                "  Connect REST        " + workers.stream().map(worker -> worker.restUrl().toString())
                        .collect(Collectors.joining(", ")),
                "  PostgreSQL          " + postgres.jdbcUrl() + " (user " + PostgresServer.USER + ")",
                "  ClickHouse HTTP     " + clickHouse.httpUrl() + " (native port " + clickHouse.tcpPort()
                        + ", server " + clickHouse.version() + ")",
                "  S3 endpoint         " + s3.endpoint() + " (access key " + S3Server.ACCESS_KEY + ", path-style)",
                "  Prometheus metrics  " + metricsEndpoint().map(endpoint -> endpoint.url().toString())
                        .orElse("(none: no exporter agent built)"),
                "  Work folder         " + workDir,
                "  Connect plugin.path " + connect.pluginPath());
    }

    @Override
    public void close() {
        closeQuietly();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down and runs the hook itself.
            }
        }
    }

    private synchronized void closeQuietly() {
        // Clients first (Connect), then what they talk to.
        List<AutoCloseable> services = new ArrayList<>();
        List<ConnectWorker> group = workers;
        Stream.of(metrics, group.isEmpty() ? null : (AutoCloseable) () -> ConnectGroup.stop(group), kafka, postgres,
                        clickHouse, s3)
                .filter(service -> service != null).forEach(services::add);
        metrics = null;
        connect = null;
        workers = List.of();
        kafka = null;
        postgres = null;
        clickHouse = null;
        s3 = null;
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed", service.getClass().getSimpleName(), e);
            }
        }
        if (workDirLock != null) {
            workDirLock.close();
            workDirLock = null;
        }
        if (deleteWorkDir && !services.isEmpty()) {
            WorkDirs.deleteRecursively(workDir);
        }
    }

    private <T> T timed(String service, Supplier<T> start) {
        long begin = System.nanoTime();
        T result = start.get();
        synchronized (startupTimes) {
            startupTimes.put(service, Duration.ofNanos(System.nanoTime() - begin));
        }
        return result;
    }

    /** Which plugins the worker gets, where the stack keeps its files, and worker overrides. */
    public static final class Builder {
        private Path workDir;
        private boolean deleteWorkDir = true;
        private final List<Path> pluginFolders = new ArrayList<>();
        private final Map<String, String> workerOverrides = new LinkedHashMap<>();
        private ConnectWorker.WorkerRuntime workerRuntime;
        private int metricsPort;
        private int workerCount = 1;
        private int brokerCount = 1;

        private Builder() {
        }

        /** How many Kafka nodes: 1 (the default) in this JVM, or 3 or more, each in a JVM of its own. */
        public Builder brokers(int count) {
            this.brokerCount = KafkaCluster.checkedSize(count);
            return this;
        }

        /**
         * How many Connect workers the group has (default 1, in this JVM). Several run each in a JVM of its own, from
         * the jars {@code worker-runtime} gathers (or those of {@link #workerRuntime}), so that one can be killed,
         * paused or restarted alone.
         */
        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("A Connect group needs at least one worker, not " + count);
            }
            this.workerCount = count;
            return this;
        }

        /** The loopback port of the Prometheus endpoint (default 0: a free one). */
        public Builder metricsPort(int port) {
            this.metricsPort = port;
            return this;
        }

        /**
         * Runs the Connect worker from another Kafka release's jars ({@code connect-runtime} and its dependencies in
         * {@code lib}), in a JVM of its own started with {@code java}, instead of in this JVM.
         */
        public Builder workerRuntime(Path lib, Path java) {
            this.workerRuntime = new ConnectWorker.WorkerRuntime(lib.toAbsolutePath(), java);
            return this;
        }

        /** A plugin folder (one plugin, its jars inside) to put on the worker's {@code plugin.path}. */
        public Builder pluginFolder(Path folder) {
            pluginFolders.add(folder);
            return this;
        }

        /** Every sub-folder of {@code root} as a plugin folder, as Connect reads a {@code plugin.path} entry. */
        public Builder pluginsIn(Path root) {
            try (Stream<Path> entries = Files.list(root)) {
                entries.filter(Files::isDirectory).sorted().forEach(pluginFolders::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list plugin folders in " + root, e);
            }
            return this;
        }

        /** Keeps the stack's files in {@code dir} after it stops (default: a temporary folder, deleted). */
        public Builder workDir(Path dir) {
            // Absolute: servers are found again by the folder on their command lines.
            this.workDir = dir.toAbsolutePath().normalize();
            this.deleteWorkDir = false;
            return this;
        }

        /** Sets or overrides one Connect worker property. */
        public Builder workerProperty(String key, String value) {
            workerOverrides.put(key, value);
            return this;
        }

        public LocalStack build() {
            if (workDir == null) {
                try {
                    workDir = Files.createTempDirectory("cdcflow-stack-");
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot create a temporary folder", e);
                }
            }
            WorkDirs.create(workDir);
            return new LocalStack(this);
        }

        @Override
        public String toString() {
            return "LocalStack.Builder" + pluginFolders.stream().map(Path::toString)
                    .collect(Collectors.joining(", ", "[plugins: ", "]"));
        }
    }
}
