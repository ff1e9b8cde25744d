package dev.cdcflow.s3;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.common.config.EnumOption;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
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
        return TaskConfigs.copies(props, maxTasks);
    }

    @Override
    public void stop() {
    }

    /** Adds the rule that spans keys (a null value needs an envelope) to the per-key validation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        if (config.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
            return config;
        }
        Map<String, Object> parsed = S3SinkConfig.CONFIG_DEF.parse(connectorConfigs);
        String problem = S3SinkConfig.nullValuesProblem(EnumOption.parse(NullValueHandling.class,
                S3SinkConfig.NULL_VALUES_CONFIG, (String) parsed.get(S3SinkConfig.NULL_VALUES_CONFIG)),
                (Boolean) parsed.get(S3SinkConfig.ENVELOPE_CONFIG));
        if (problem != null) {
            config.configValues().stream().filter(value -> value.name().equals(S3SinkConfig.NULL_VALUES_CONFIG))
                    .forEach(value -> value.addErrorMessage(S3SinkConfig.NULL_VALUES_CONFIG + ": " + problem));
        }
        return config;
    }

    @Override
    public ConfigDef config() {
        return S3SinkConfig.CONFIG_DEF;
    }
}
