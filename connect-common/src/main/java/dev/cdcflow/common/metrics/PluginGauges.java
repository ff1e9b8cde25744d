package dev.cdcflow.common.metrics;

import java.util.LinkedHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a plugin's numbers as Connect plugin metrics (KIP-877). A metric name can still be held by an earlier
 * instance of the same task or transformation whose stop timed out (the worker starts the new one anyway); the new
 * instance then goes on without publishing that metric instead of failing to start.
 */
public final class PluginGauges {

    private static final Logger LOG = LoggerFactory.getLogger(PluginGauges.class);

    private PluginGauges() {
    }

    /** Adds a gauge read from {@code value}; returns false when the name is still taken. */
    public static boolean add(PluginMetrics metrics, String name, String description, LongSupplier value) {
        return register(name, () -> metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
                (Measurable) (config, now) -> value.getAsLong()));
    }

    /** Runs a registration; a name an earlier instance still holds is logged and skipped. */
    public static boolean register(String name, Runnable registration) {
        try {
            registration.run();
            return true;
        } catch (IllegalArgumentException taken) {
            LOG.warn("Plugin metric {} is not published by this instance: {} (an earlier instance is probably still "
                    + "stopping)", name, taken.getMessage());
            return false;
        }
    }
}
