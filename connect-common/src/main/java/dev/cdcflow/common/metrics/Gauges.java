package dev.cdcflow.common.metrics;

import java.util.function.LongSupplier;

/** Where a plugin publishes its numbers: the worker's plugin metrics, or an MBean of its own. */
@FunctionalInterface
public interface Gauges {

    /** Publishes {@code value} under {@code name}. */
    void add(String name, String description, LongSupplier value);
}
