package dev.cdcflow.common.metrics;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A sink task's plugin metrics where the worker has them (KIP-877, Kafka 4.1+). An older worker's task context has no
 * {@code pluginMetrics()}; calling it there fails to link, which is caught here.
 */
public final class WorkerPluginMetrics {

    private WorkerPluginMetrics() {
    }

    /** The task's plugin metrics, or null on a worker older than Kafka 4.1. */
    public static PluginMetrics of(SinkTaskContext context) {
        try {
            return context.pluginMetrics();
        } catch (LinkageError olderWorker) {
            return null;
        }
    }
}
