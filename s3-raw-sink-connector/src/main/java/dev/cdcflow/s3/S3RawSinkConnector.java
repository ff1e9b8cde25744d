package dev.cdcflow.s3;

import dev.cdcflow.common.NotYetImplemented;
import dev.cdcflow.common.ProjectVersion;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

/** Writes raw Avro objects to S3, exactly once. Placeholder: packaged and discoverable, refuses to start. */
public class S3RawSinkConnector extends SinkConnector {

    @Override
    public void start(Map<String, String> props) {
        throw new ConnectException(NotYetImplemented.message(S3RawSinkConnector.class));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3RawSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of();
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }
}
