package dev.cdcflow.clickhouse.write;

import dev.cdcflow.common.metrics.PluginGauges;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;

/**
 * What the sink did, as plugin metrics of the task (JMX, under the worker's plugin metrics): rows and batches
 * written, insert latency, failed inserts and rejected rows. Counts are written by the task thread only.
 */
public final class SinkMetrics {

    private volatile long rows;
    private volatile long batches;
    private volatile long failures;
    private volatile long rejected;
    private Sensor latency;

    /** Registers the metrics; without plugin metrics (older workers) the counts are kept but not published. */
    public void register(PluginMetrics metrics) {
        if (metrics == null) {
            return;
        }
        PluginGauges.add(metrics, "rows-written-total", "Rows inserted into ClickHouse tables", () -> rows);
        PluginGauges.add(metrics, "batches-written-total", "Inserts into ClickHouse tables", () -> batches);
        PluginGauges.add(metrics, "write-failures-total", "Inserts or statements that failed and were retried",
                () -> failures);
        PluginGauges.add(metrics, "rejected-rows-total", "Rows written to the rejected rows table", () -> rejected);
        PluginGauges.register("insert-latency", () -> {
            Sensor sensor = metrics.addSensor("insert-latency");
            sensor.add(metrics.metricName("insert-latency-avg-ms", "Average insert latency", new LinkedHashMap<>()),
                    new Avg());
            sensor.add(metrics.metricName("insert-latency-max-ms", "Longest insert", new LinkedHashMap<>()),
                    new Max());
            latency = sensor;
        });
    }

    void batchWritten(int rowCount, long nanos) {
        rows += rowCount;
        batches++;
        if (latency != null) {
            latency.record(TimeUnit.NANOSECONDS.toMillis(nanos));
        }
    }

    public void failed() {
        failures++;
    }

    void rejected(int rowCount) {
        rejected += rowCount;
    }
}
