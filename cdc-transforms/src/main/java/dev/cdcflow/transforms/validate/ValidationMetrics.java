package dev.cdcflow.transforms.validate;

import java.util.LinkedHashMap;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Counts of what validation did, published through the worker's plugin metrics (JMX) when the worker offers them
 * (Kafka 4.1+), and readable by tests either way.
 */
final class ValidationMetrics {

    // Written by the task thread only, read by JMX: volatile makes the counts visible, and ++ is safe with one writer.
    private volatile long valid;
    private volatile long invalid;
    private volatile long routed;
    private volatile long dropped;

    void register(PluginMetrics metrics) {
        add(metrics, "valid-records-total", "Rows that passed every rule", () -> valid);
        add(metrics, "invalid-records-total", "Rows that broke at least one rule", () -> invalid);
        add(metrics, "routed-records-total", "Invalid rows sent to the rejected topic", () -> routed);
        add(metrics, "dropped-records-total", "Invalid rows dropped", () -> dropped);
    }

    void valid() {
        valid++;
    }

    void invalid() {
        invalid++;
    }

    void routed() {
        routed++;
    }

    void dropped() {
        dropped++;
    }

    long validCount() {
        return valid;
    }

    long invalidCount() {
        return invalid;
    }

    long droppedCount() {
        return dropped;
    }

    private interface Counter {
        long get();
    }

    private static void add(PluginMetrics metrics, String name, String description, Counter counter) {
        metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()),
                (Measurable) (config, now) -> counter.get());
    }
}
