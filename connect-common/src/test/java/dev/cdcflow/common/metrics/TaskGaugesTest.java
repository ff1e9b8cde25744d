package dev.cdcflow.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/**
 * On a worker without plugin metrics (before Kafka 4.1 the task context has no pluginMetrics(), and calling it fails
 * to link) a task's gauges become an MBean of its own, readable over JMX, and go when the task stops.
 */
class TaskGaugesTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void onAnOlderWorkerTheGaugesAreAnMBeanOfTheTasksOwn() throws Exception {
        long[] rows = {0};
        ObjectName name = new ObjectName("dev.cdcflow:type=TestSinkTask,connector=orders sink,task=3");
        try (TaskGauges gauges = TaskGauges.open(new OlderWorkerContext(), "TestSinkTask", "orders sink", 3)) {
            gauges.add("rows-written-total", "Rows written", () -> rows[0]);
            assertThat(gauges.pluginMetrics()).isNull();
            rows[0] = 42;
            assertThat(server.queryNames(new ObjectName("dev.cdcflow:type=TestSinkTask,*"), null)).isNotEmpty();
            ObjectName registered = server.queryNames(new ObjectName("dev.cdcflow:type=TestSinkTask,*"), null)
                    .iterator().next();
            assertThat(server.getAttribute(registered, "rows-written-total")).isEqualTo(42L);
            assertThat(server.getMBeanInfo(registered).getAttributes()).extracting("name")
                    .containsExactly("rows-written-total");
            assertThat(registered.getKeyProperty("task")).isEqualTo(name.getKeyProperty("task"));
        }
        assertThat(server.queryNames(new ObjectName("dev.cdcflow:type=TestSinkTask,*"), null)).isEmpty();
    }

    @Test
    void aNameStillHeldIsLeftAloneRatherThanFailingTheTask() throws Exception {
        try (JmxGauges first = new JmxGauges("Twice").register(Map.of("task", "0"));
             JmxGauges second = new JmxGauges("Twice").register(Map.of("task", "0"))) {
            assertThat(first.name()).isNotNull();
            assertThat(second.name()).isNull();
        }
    }

    /** A task context as a worker before Kafka 4.1 offers it: no pluginMetrics(). */
    private static final class OlderWorkerContext implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            throw new NoSuchMethodError("'org.apache.kafka.common.metrics.PluginMetrics "
                    + "org.apache.kafka.connect.sink.SinkTaskContext.pluginMetrics()'");
        }
    }
}
