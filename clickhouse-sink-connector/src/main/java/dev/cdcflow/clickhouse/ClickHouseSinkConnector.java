package dev.cdcflow.clickhouse;

import dev.cdcflow.common.ProjectVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes CDC rows into ClickHouse ReplacingMergeTree tables: upserts and deletes (rows with the deleted flag),
 * tables created and evolved from the record schema, committed offsets stored beside the data. See
 * {@link ClickHouseSinkConfig} for every option.
 */
public class ClickHouseSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new ClickHouseSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ClickHouseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> taskProps = new HashMap<>(props);
            // The connector's name keys its rows in the offsets table.
            taskProps.put(ClickHouseSinkTask.CONNECTOR_NAME, props.getOrDefault("name", "clickhouse-sink"));
            configs.add(taskProps);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return ClickHouseSinkConfig.CONFIG_DEF;
    }
}
