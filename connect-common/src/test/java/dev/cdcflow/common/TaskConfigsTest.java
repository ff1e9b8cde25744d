package dev.cdcflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskConfigsTest {

    @Test
    void everyTaskGetsTheConnectorConfigItsNumberAndItsOwnEntries() {
        assertThat(TaskConfigs.copies(Map.of("a", "1"), 2, task -> Map.of("task", Integer.toString(task))))
                .containsExactly(Map.of("a", "1", "task.number", "0", "task", "0"),
                        Map.of("a", "1", "task.number", "1", "task", "1"));
    }

    @Test
    void aTaskReadsItsNumberAndItsConnectorsName() {
        Map<String, String> second = TaskConfigs.copies(Map.of("name", "orders-sink"), 2).get(1);

        assertThat(TaskConfigs.taskNumber(second)).isEqualTo(1);
        assertThat(TaskConfigs.connectorName(second, "fallback")).isEqualTo("orders-sink");
        assertThat(TaskConfigs.taskNumber(Map.of())).isZero();
        assertThat(TaskConfigs.connectorName(Map.of(), "fallback")).isEqualTo("fallback");
    }
}
