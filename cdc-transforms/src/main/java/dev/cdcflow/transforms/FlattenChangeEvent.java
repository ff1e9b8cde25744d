package dev.cdcflow.transforms;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.transforms.flatten.ChangeEventFlattener;
import dev.cdcflow.transforms.flatten.FlattenConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Flattens a Debezium change event into a row plus CDC metadata fields ({@code _op}, {@code _version},
 * {@code _is_deleted}, {@code _source_ts_ms}, {@code _event_date}, {@code _event_date_source}), normalizing
 * Debezium's logical types into standard Connect types. See {@link FlattenConfig} for every option.
 */
public class FlattenChangeEvent<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private ChangeEventFlattener flattener;

    @Override
    public void configure(Map<String, ?> configs) {
        flattener = new ChangeEventFlattener(new FlattenConfig(configs));
    }

    @Override
    public R apply(R record) {
        return flattener.apply(record);
    }

    @Override
    public ConfigDef config() {
        return FlattenConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void close() {
        if (flattener != null) {
            flattener.close();
        }
    }
}
