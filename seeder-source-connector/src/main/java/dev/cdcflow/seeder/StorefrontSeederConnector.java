package dev.cdcflow.seeder;

import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import dev.cdcflow.seeder.SeederConfig.Target;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Seeds reproducible web-shop traffic: a full load of customers, products and orders, then inserts, updates and
 * deletes at a set rate, into PostgreSQL (for Debezium to capture) or as Debezium-shaped events into Kafka, with a
 * ledger record per transaction. See {@link SeederConfig} for every option.
 */
public class StorefrontSeederConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        SeederConfig config = new SeederConfig(props);
        List<String> problems = crossFieldProblems(config).values().stream().flatMap(List::stream).toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
        if (config.target() == Target.POSTGRES && config.schemaCreate()) {
            // Once here rather than in every task: concurrent CREATE TABLE IF NOT EXISTS can collide.
            try {
                SchemaInstaller.install(config);
            } catch (SQLException e) {
                throw new ConnectException("Cannot create the storefront schema '" + config.postgresSchema() + "' in "
                        + config.postgresUrl() + ": " + e.getMessage(), e);
            }
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return StorefrontSeederTask.class;
    }

    /** Each task owns the ids congruent to its index modulo the task count: no two tasks write the same row. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks, task -> Map.of(
                StorefrontSeederTask.TASK_INDEX, Integer.toString(task),
                StorefrontSeederTask.TASK_COUNT, Integer.toString(maxTasks)));
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SeederConfig.CONFIG_DEF;
    }

    /** Per-key checks from the ConfigDef, then the checks that look at several keys or at the database. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        boolean keysValid = result.configValues().stream().allMatch(value -> value.errorMessages().isEmpty());
        if (!keysValid) {
            return result;
        }
        SeederConfig config = new SeederConfig(connectorConfigs);
        Map<String, List<String>> problems = crossFieldProblems(config);
        if (problems.isEmpty() && config.target() == Target.POSTGRES) {
            String unreachable = PostgresConnections.problemConnecting(config);
            if (unreachable != null) {
                problems.put(SeederConfig.POSTGRES_URL_CONFIG, List.of(unreachable));
            }
        }
        for (ConfigValue value : result.configValues()) {
            problems.getOrDefault(value.name(), List.of()).forEach(value::addErrorMessage);
        }
        return result;
    }

    /**
     * The seeder sets no transaction boundaries of its own; on a worker with exactly.once.source.support=enabled
     * each poll's ledger (and, with target=kafka, change events) commit atomically with their offsets. Writes to
     * PostgreSQL are exactly once on any worker: they commit together with the task's position.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Offsets may be reset or set to any position: {"task": n} partitions, {"position": p >= 0} offsets. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            if (!(entry.getKey().get(SeederOffsets.TASK) instanceof Number)) {
                throw new ConnectException("A seeder partition is {\"task\": <index>}, not " + entry.getKey());
            }
            Map<String, ?> offset = entry.getValue();
            if (offset != null && !(offset.get(SeederOffsets.POSITION) instanceof Number position
                    && position.longValue() >= 0)) {
                throw new ConnectException("A seeder offset is {\"position\": <n >= 0>}, not " + offset);
            }
        }
        return true;
    }

    /** Problems that involve several keys, attached to each key involved. */
    static Map<String, List<String>> crossFieldProblems(SeederConfig config) {
        Map<String, List<String>> problems = new HashMap<>();
        Map<String, Double> mix = config.mixByKey();
        double sum = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1.0) > SeederConfig.MIX_TOLERANCE) {
            String message = "The mix.* shares must add up to 1, but " + String.join(" + ", mix.keySet()) + " = "
                    + sum;
            mix.keySet().forEach(key -> problems.put(key, new ArrayList<>(List.of(message))));
        }
        if (config.target() == Target.POSTGRES && config.postgresUrl().isBlank()) {
            problems.put(SeederConfig.POSTGRES_URL_CONFIG,
                    new ArrayList<>(List.of("postgres.url is required with target=postgres")));
        }
        return problems;
    }
}
