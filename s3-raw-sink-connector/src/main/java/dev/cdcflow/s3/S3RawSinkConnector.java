package dev.cdcflow.s3;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes records as raw Avro (or Parquet) objects to S3-compatible storage under deterministic keys, exactly once,
 * within one memory cap per task. See {@link S3SinkConfig} for every option.
 */
public class S3RawSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new S3SinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3RawSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks, task -> Map.of());
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return S3SinkConfig.CONFIG_DEF;
    }
}
