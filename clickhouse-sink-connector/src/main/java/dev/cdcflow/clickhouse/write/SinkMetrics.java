package dev.cdcflow.clickhouse.write;

import dev.cdcflow.common.metrics.PluginGauges;
import dev.cdcflow.common.metrics.TaskGauges;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;

/**
 * What the sink did, as gauges of the task (plugin metrics, or the task's own MBean on workers before Kafka 4.1): rows
 * and batches written, failed inserts and rejected rows, and, with plugin metrics, insert latency. Counts are written
 * by the task thread only.
 */
public final class SinkMetrics {

    private volatile long rows;
    private volatile long batches;
    private volatile long failures;
    private volatile long rejected;
    private Sensor latency;

    public void register(TaskGauges gauges) {
        gauges.add("rows-written-total", "Rows inserted into ClickHouse tables", () -> rows);
        gauges.add("batches-written-total", "Inserts into ClickHouse tables", () -> batches);
        gauges.add("write-failures-total", "Inserts or statements that failed and were retried", () -> failures);
        gauges.add("rejected-rows-total", "Rows written to the rejected rows table", () -> rejected);
        PluginMetrics metrics = gauges.pluginMetrics();
        if (metrics == null) {
            return;
        }
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
