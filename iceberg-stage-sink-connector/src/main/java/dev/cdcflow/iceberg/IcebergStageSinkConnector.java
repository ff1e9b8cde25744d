package dev.cdcflow.iceberg;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.iceberg.commit.TableOffsets;
import dev.cdcflow.iceberg.registry.RegisteredSchemaCheck;
import dev.cdcflow.iceberg.stage.StageConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Commits the change stream into Apache Iceberg tables, one stage table per topic, each projected, cast and
 * partitioned as the stage config says, exactly once. See {@link IcebergStageConfig} for every option.
 */
public class IcebergStageSinkConnector extends SinkConnector {

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

    /**
     * Offsets set or reset through Connect's REST API (the connector stopped) become where every stage table stands
     * in those partitions, so the tasks resume there: the tables, not the consumer group, decide where they resume.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        IcebergStageConfig config = new IcebergStageConfig(connectorConfig);
        String connector = TaskConfigs.connectorName(connectorConfig, IcebergStageSinkTask.DEFAULT_NAME);
        try (StageCatalog catalog = new StageCatalog(config)) {
            StageConfig stage = config.stageConfig();
            for (String name : stage.tableNames()) {
                if (catalog.exists(stage.table(name))) {
                    TableOffsets.replace(catalog.table(stage.table(name)), connector, offsets);
                }
            }
        } catch (IOException e) {
            throw new ConnectException("Closing the catalog failed after the offsets were altered", e);
        }
        return true;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return IcebergStageConfig.CONFIG_DEF;
    }
}
