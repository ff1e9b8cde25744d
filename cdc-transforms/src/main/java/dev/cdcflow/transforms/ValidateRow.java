package dev.cdcflow.transforms;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.transforms.validate.RowValidation;
import dev.cdcflow.transforms.validate.ValidateConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Validates rows against rules declared in config (required, type, min/max, length, pattern, allowed values, not in
 * the future). Valid rows pass unchanged; an invalid row is routed to {@code <topic>.rejected} with its problems,
 * failed, dropped or marked, per {@code on.invalid}. See {@link ValidateConfig} for every option. Its counts are an
 * MBean of its own on every worker (see ValidationMetrics), so that it loads on workers before Kafka 4.1 too.
 */
public class ValidateRow<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private RowValidation validation;

    @Override
    public void configure(Map<String, ?> configs) {
        validation = new RowValidation(new ValidateConfig(configs));
        validation.publishMetrics();
    }

    @Override
    public R apply(R record) {
        return validation.apply(record);
    }

    @Override
    public ConfigDef config() {
        return ValidateConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void close() {
        if (validation != null) {
            validation.close();
        }
    }
}
