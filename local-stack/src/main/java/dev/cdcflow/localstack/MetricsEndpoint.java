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
 * The Prometheus endpoint of the JVM the local stack's Connect worker runs in: the JMX exporter's collector, with
 * the rules file the Connect image's exporter agent uses ({@code monitoring/jmx-exporter.yml}), served over HTTP at
 * {@code /metrics}. So the series the local pipeline shows are the ones a Compose stack's Prometheus scrapes.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The rules file, relative to the repository root. */
    public static final Path RULES = Path.of("monitoring", "jmx-exporter.yml");

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
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
            return new MetricsEndpoint(HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry)
                    .buildAndStart());
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
        return URI.create("http://127.0.0.1:" + server.getPort() + "/metrics");
    }

    @Override
    public void close() {
        server.close();
    }
}
