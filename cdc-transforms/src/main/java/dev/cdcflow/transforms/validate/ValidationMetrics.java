package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.metrics.PluginGauges;
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
        PluginGauges.add(metrics, "valid-records-total", "Rows that passed every rule", () -> valid);
        PluginGauges.add(metrics, "invalid-records-total", "Rows that broke at least one rule", () -> invalid);
        PluginGauges.add(metrics, "routed-records-total", "Invalid rows sent to the rejected topic", () -> routed);
        PluginGauges.add(metrics, "dropped-records-total", "Invalid rows dropped", () -> dropped);
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
}
