package dev.cdcflow.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Task configs as connectors hand them to Connect: the connector's own config, plus what each task needs. */
public final class TaskConfigs {

    private TaskConfigs() {
    }

    /** {@code maxTasks} copies of {@code props}, each with the entries {@code perTask} gives for its index. */
    public static List<Map<String, String>> copies(Map<String, String> props, int maxTasks,
                                                   IntFunction<Map<String, String>> perTask) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.putAll(perTask.apply(task));
            configs.add(taskProps);
        }
        return configs;
    }
}
