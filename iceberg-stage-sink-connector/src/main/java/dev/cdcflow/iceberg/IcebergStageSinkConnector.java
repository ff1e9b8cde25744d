package dev.cdcflow.iceberg;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Commits the change stream into Apache Iceberg tables, one stage table per topic, each projected, cast and
 * partitioned as the stage config says, exactly once. See {@link IcebergStageConfig} for every option.
 */
public class IcebergStageSinkConnector extends SinkConnector {

    /** Set by the connector for each task: its number, which names its data files. */

    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new IcebergStageConfig(props).stageConfig();
        this.props = Map.copyOf(props);
    }

    /**
     * Validates each option, then the stage config itself, then the stage config against the topics' registered
     * schemas where they can be read (RegisteredSchemaCheck): mistakes are reported on the key that holds the
     * stage config.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean valid = config.configValues().stream().allMatch(value -> value.errorMessages().isEmpty());
        if (valid) {
            String key = connectorConfigs.getOrDefault(IcebergStageConfig.STAGE_CONFIG, "").isBlank()
                    ? IcebergStageConfig.STAGE_CONFIG_FILE : IcebergStageConfig.STAGE_CONFIG;
            ConfigValue stageValue = config.configValues().stream().filter(value -> value.name().equals(key))
                    .findFirst().orElseThrow();
            try {
                IcebergStageConfig parsed = new IcebergStageConfig(connectorConfigs);
                RegisteredSchemaCheck.problems(connectorConfigs, parsed.stageConfig(), parsed.tableNames())
                        .forEach(stageValue::addErrorMessage);
            } catch (ConfigException e) {
                stageValue.addErrorMessage(e.getMessage());
            }
        }
        return config;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return IcebergStageSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return IcebergStageConfig.CONFIG_DEF;
    }
}
