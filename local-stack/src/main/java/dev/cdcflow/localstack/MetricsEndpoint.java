package dev.cdcflow.localstack;

import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MalformedObjectNameException;

/**
 * The Prometheus endpoint of the local stack's Connect worker, with the rules file the Connect image's exporter
 * agent uses ({@code monitoring/jmx-exporter.yml}), at {@code /metrics}: so the series the local pipeline shows are
 * the ones a Compose stack's Prometheus scrapes. A worker in this JVM is served by the exporter's collector; a worker
 * in a JVM of its own runs the image's agent itself ({@link #agentOption}).
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The rules file, relative to the repository root. */
    public static final Path RULES = Path.of("monitoring", "jmx-exporter.yml");
    /** The agent jar the build copies (local-stack's copy-jmx-agent execution), relative to the repository root. */
    public static final Path AGENT = Path.of("local-stack", "target", "jmx-agent", "jmx_prometheus_javaagent.jar");

    private final HTTPServer server;
    private final URI url;

    private MetricsEndpoint(HTTPServer server, URI url) {
        this.server = server;
        this.url = url;
    }

    /** The JVM option that runs the exporter agent with the rules on {@code port} of loopback. */
    static String agentOption(Path agent, Path rules, int port) {
        return "-javaagent:" + agent.toAbsolutePath() + "=127.0.0.1:" + port + ":" + rules.toAbsolutePath();
    }

    /** The endpoint of an agent another JVM runs on {@code port} of loopback. */
    static MetricsEndpoint ofAgent(int port) {
        return new MetricsEndpoint(null, scrapeUrl(port));
    }

    private static URI scrapeUrl(int port) {
        return URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** Serves this JVM's MBeans, as the rules turn them into series, on {@code port} (0: a free one) of loopback. */
    public static MetricsEndpoint start(Path rules, int port) {
        if (!Files.isRegularFile(rules)) {
            throw new IllegalStateException("No JMX exporter rules at " + rules.toAbsolutePath()
                    + ": run from the repository root (or set -D" + LocalStack.REPO_DIR_PROPERTY + ")");
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        try {
            new JmxCollector(rules.toFile()).register(registry);
            HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry)
                    .buildAndStart();
            return new MetricsEndpoint(server, scrapeUrl(server.getPort()));
        } catch (BindException e) {
            throw new IllegalStateException("Port " + port + " for the Prometheus metrics is taken: free it, or "
                    + "choose another with --metrics-port", e);
        } catch (IOException | MalformedObjectNameException e) {
            throw new IllegalStateException("Cannot serve the Prometheus metrics with the rules " + rules + ": "
                    + e.getMessage(), e);
        }
    }

    /** The scrape URL: {@code http://127.0.0.1:<port>/metrics}. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
