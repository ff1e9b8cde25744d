package dev.cdcflow.seeder;

import dev.cdcflow.common.NotYetImplemented;
import dev.cdcflow.common.ProjectVersion;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;

/** Seeds reproducible storefront traffic into PostgreSQL. Placeholder: packaged and discoverable, refuses to start. */
public class StorefrontSeederConnector extends SourceConnector {

    @Override
    public void start(Map<String, String> props) {
        throw new ConnectException(NotYetImplemented.message(StorefrontSeederConnector.class));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return StorefrontSeederTask.class;
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
