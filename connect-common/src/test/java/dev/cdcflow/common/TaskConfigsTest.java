package dev.cdcflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskConfigsTest {

    @Test
    void everyTaskGetsTheConnectorConfigPlusItsOwnEntries() {
        assertThat(TaskConfigs.copies(Map.of("a", "1"), 2, task -> Map.of("task", Integer.toString(task))))
                .containsExactly(Map.of("a", "1", "task", "0"), Map.of("a", "1", "task", "1"));
    }
}
