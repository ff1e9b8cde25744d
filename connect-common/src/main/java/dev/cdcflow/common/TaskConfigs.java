package dev.cdcflow.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Task configs as connectors hand them to Connect, and what a task reads back of its identity: the connector's own
 * config plus the task's number, under one key for every plugin.
 */
public final class TaskConfigs {

    /** The task's number among the connector's tasks, 0 to tasks.max - 1: for metrics, logs and local files. */
    public static final String TASK_NUMBER = "task.number";
    /** The key under which Connect puts the connector's name into its config (and so into every task's). */
    private static final String CONNECTOR_NAME = "name";

    private TaskConfigs() {
    }

    /** {@code maxTasks} copies of {@code props}, each with its {@value #TASK_NUMBER}. */
    public static List<Map<String, String>> copies(Map<String, String> props, int maxTasks) {
        return copies(props, maxTasks, task -> Map.of());
    }

    /** As {@link #copies(Map, int)}, each copy also with the entries {@code perTask} gives for its number. */
    public static List<Map<String, String>> copies(Map<String, String> props, int maxTasks,
                                                   IntFunction<Map<String, String>> perTask) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(TASK_NUMBER, Integer.toString(task));
            taskProps.putAll(perTask.apply(task));
            configs.add(taskProps);
        }
        return configs;
    }

    /** The task's number ({@link #copies}); 0 for a task started without one, as a test may start it. */
    public static int taskNumber(Map<String, String> props) {
        return Integer.parseInt(props.getOrDefault(TASK_NUMBER, "0"));
    }

    /**
     * The connector's name, which Connect sets in every config it hands over; {@code fallback} where it is missing
     * (a task started by hand, a connector's validation).
     */
    public static String connectorName(Map<String, String> props, String fallback) {
        return props.getOrDefault(CONNECTOR_NAME, fallback);
    }
}
