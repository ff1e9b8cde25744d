package dev.cdcflow.transforms.validate;

import dev.cdcflow.common.ErrorCode;
import dev.cdcflow.common.metrics.JmxGauges;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

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
    /** Invalid rows by reason: a row that broke rules for two reasons counts under both. */
    private final AtomicLongArray byReason = new AtomicLongArray(ErrorCode.values().length);
    private JmxGauges published;

    void publish() {
        published = new JmxGauges("ValidateRow")
                .with("valid-records-total", "Rows that passed every rule", () -> valid)
                .with("invalid-records-total", "Rows that broke at least one rule", () -> invalid)
                .with("routed-records-total", "Invalid rows sent to the rejected topic", () -> routed)
                .with("dropped-records-total", "Invalid rows dropped", () -> dropped);
        for (ErrorCode reason : ErrorCode.values()) {
            published.add(reasonGauge(reason), "Invalid rows with a problem " + reason,
                    () -> byReason.get(reason.ordinal()));
        }
        published.register(Map.of("instance", Integer.toString(INSTANCES.incrementAndGet())));
    }

    /** The gauge of one reason, e.g. {@code invalid-pattern_mismatch-total}: the exporter's rules read the reason. */
    static String reasonGauge(ErrorCode reason) {
        return "invalid-" + reason.name().toLowerCase(Locale.ROOT) + "-total";
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

    void invalid(List<Problem> problems) {
        invalid++;
        problems.stream().map(Problem::code).distinct().forEach(reason -> byReason.incrementAndGet(reason.ordinal()));
    }

    long invalidCount(ErrorCode reason) {
        return byReason.get(reason.ordinal());
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
