package dev.cdcflow.common.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task's gauges go: the worker's plugin metrics (Kafka 4.1+), or on an older worker an MBean of the
 * task's own, {@code dev.cdcflow:type=<type>,connector=<connector>,task=<task>}. Either way the task starts.
 */
public final class TaskGauges implements Gauges, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskGauges.class);

    private final PluginMetrics pluginMetrics;
    private final JmxGauges jmx;

    private TaskGauges(PluginMetrics pluginMetrics, JmxGauges jmx) {
        this.pluginMetrics = pluginMetrics;
        this.jmx = jmx;
    }

    public static TaskGauges open(SinkTaskContext context, String type, String connector, int task) {
        return open(pluginMetricsOf(context), type, connector, task);
    }

    public static TaskGauges open(SourceTaskContext context, String type, String connector, int task) {
        return open(pluginMetricsOf(context), type, connector, task);
    }

    private static TaskGauges open(PluginMetrics metrics, String type, String connector, int task) {
        if (metrics != null) {
            return new TaskGauges(metrics, null);
        }
        LOG.info("This Connect worker has no plugin metrics (Kafka 4.1+): the task's metrics are the MBean "
                + "dev.cdcflow:type={},connector={},task={}", type, connector, task);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("connector", connector);
        properties.put("task", Integer.toString(task));
        return new TaskGauges(null, new JmxGauges(type).register(properties));
    }

    /*
     * The task's plugin metrics, or null on a worker older than Kafka 4.1, whose task context has no
     * pluginMetrics(): calling it there fails to link. Called directly in each method, never through a lambda or
     * method reference: creating one of those links PluginMetrics in the caller, outside the catch (the worker
     * check on Kafka 3.7 caught exactly that).
     */
    private static PluginMetrics pluginMetricsOf(SinkTaskContext context) {
        try {
            return context.pluginMetrics();
        } catch (LinkageError olderWorker) {
            return null;
        }
    }

    private static PluginMetrics pluginMetricsOf(SourceTaskContext context) {
        try {
            return context.pluginMetrics();
        } catch (LinkageError olderWorker) {
            return null;
        }
    }

    /** The worker's plugin metrics, for what only they can carry (sensors), or null on an older worker. */
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    @Override
    public void add(String name, String description, LongSupplier value) {
        if (pluginMetrics != null) {
            PluginGauges.add(pluginMetrics, name, description, value);
        } else {
            jmx.add(name, description, value);
        }
    }

    /** Withdraws the MBean; plugin metrics are removed by the worker. */
    @Override
    public void close() {
        if (jmx != null) {
            jmx.close();
        }
    }
}
