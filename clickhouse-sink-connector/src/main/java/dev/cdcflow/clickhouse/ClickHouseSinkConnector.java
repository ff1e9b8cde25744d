package dev.cdcflow.clickhouse;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
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
        // The connector's name keys its rows in the offsets table.
        return TaskConfigs.copies(props, maxTasks, task -> Map.of(ClickHouseSinkTask.CONNECTOR_NAME,
                props.getOrDefault("name", "clickhouse-sink")));
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return ClickHouseSinkConfig.CONFIG_DEF;
    }
}
