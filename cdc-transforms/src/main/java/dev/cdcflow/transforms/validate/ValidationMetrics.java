package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.metrics.JmxGauges;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts of what validation did, published as an MBean of its own, {@code dev.cdcflow:type=ValidateRow,instance=N}
 * (one per transformation instance, that is per task), on every worker: a transformation gets the worker's plugin
 * metrics only by implementing an interface that workers before Kafka 4.1 cannot load.
 */
final class ValidationMetrics implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    // Written by the task thread only, read by JMX: volatile makes the counts visible, and ++ is safe with one writer.
    private volatile long valid;
    private volatile long invalid;
    private volatile long routed;
    private volatile long dropped;
    private JmxGauges published;

    void publish() {
        published = new JmxGauges("ValidateRow")
                .with("valid-records-total", "Rows that passed every rule", () -> valid)
                .with("invalid-records-total", "Rows that broke at least one rule", () -> invalid)
                .with("routed-records-total", "Invalid rows sent to the rejected topic", () -> routed)
                .with("dropped-records-total", "Invalid rows dropped", () -> dropped)
                .register(Map.of("instance", Integer.toString(INSTANCES.incrementAndGet())));
    }

    @Override
    public void close() {
        if (published != null) {
            published.close();
        }
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
