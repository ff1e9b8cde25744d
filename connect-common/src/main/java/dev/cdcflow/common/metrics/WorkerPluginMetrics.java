package dev.cdcflow.common.metrics;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's plugin metrics where the worker has them (KIP-877, Kafka 4.1+). An older worker's task context has no
 * {@code pluginMetrics()}: the task then runs without publishing its metrics instead of failing to start.
 */
public final class WorkerPluginMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPluginMetrics.class);

    private WorkerPluginMetrics() {
    }

    /** The task's plugin metrics, or null on a worker older than Kafka 4.1. */
    public static PluginMetrics of(SinkTaskContext context) {
        try {
            return context.pluginMetrics();
        } catch (LinkageError olderWorker) {
            LOG.info("This Connect worker has no plugin metrics (Kafka 4.1+): the task's metrics are not published");
            return null;
        }
    }
}
