package dev.cdcflow.transforms;

import dev.cdcflow.common.NotYetImplemented;
import dev.cdcflow.common.ProjectVersion;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** Flattens a Debezium change event into a row with CDC metadata. Placeholder: refuses to be configured. */
public class FlattenChangeEvent<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    @Override
    public void configure(Map<String, ?> configs) {
        throw new ConfigException(NotYetImplemented.message(FlattenChangeEvent.class));
    }

    @Override
    public R apply(R record) {
        throw new IllegalStateException(NotYetImplemented.message(FlattenChangeEvent.class));
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void close() {
    }
}
