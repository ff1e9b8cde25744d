package dev.cdcflow.clickhouse;

import com.clickhouse.client.api.Client;
import dev.cdcflow.clickhouse.write.ClickHouseSql;
import dev.cdcflow.clickhouse.write.OffsetStore;
import dev.cdcflow.common.ProjectVersion;
import dev.cdcflow.common.TaskConfigs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes CDC rows into ClickHouse ReplacingMergeTree tables: upserts and deletes (rows with the deleted flag),
 * tables created and evolved from the record schema, committed offsets stored beside the data. See
 * {@link ClickHouseSinkConfig} for every option.
 */
public class ClickHouseSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        Map<String, String> problems = problems(new ClickHouseSinkConfig(props), props);
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new ConfigException(first.getKey(), props.get(first.getKey()), first.getValue());
        }
        this.props = Map.copyOf(props);
    }

    /**
     * Validates each option, then the ones that depend on each other: partition.by against key.columns, and with a
     * topics list that no two topics meet in one table (with topics.regex, that is checked as each topic is met: see
     * TableClaims).
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean valid = config.configValues().stream().allMatch(value -> value.errorMessages().isEmpty());
        if (valid) {
            Map<String, String> problems = problems(new ClickHouseSinkConfig(connectorConfigs), connectorConfigs);
            config.configValues().stream().filter(value -> problems.containsKey(value.name()))
                    .forEach(value -> value.addErrorMessage(problems.get(value.name())));
        }
        return config;
    }

    /** Per option, what is wrong with it given the others. */
    private static Map<String, String> problems(ClickHouseSinkConfig config, Map<String, String> props) {
        Map<String, String> problems = new LinkedHashMap<>();
        String partitioning = config.partitionByProblem();
        if (partitioning != null) {
            problems.put(ClickHouseSinkConfig.PARTITION_BY_CONFIG, partitioning);
        }
        String collision = config.tableCollision(topicsOf(props));
        if (collision != null) {
            problems.put(ClickHouseSinkConfig.TABLE_NAME_FORMAT_CONFIG, collision);
        }
        return problems;
    }

    private static List<String> topicsOf(Map<String, String> props) {
        String topics = props.getOrDefault(SinkConnector.TOPICS_CONFIG, "");
        return Arrays.stream(topics.split(",")).map(String::trim).filter(topic -> !topic.isEmpty()).toList();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ClickHouseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks);
    }

    /**
     * Offsets set or reset through Connect's REST API (the connector stopped) replace the ones stored in ClickHouse,
     * from which the tasks resume; without this they would resume where they were, whatever was asked.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(connectorConfig);
        try (Client client = ClickHouseClients.create(config)) {
            ClickHouseSql sql = new ClickHouseSql(client, config.timeout().toMillis());
            OffsetStore store = new OffsetStore(sql, config.database(), config.offsetsTable(),
                    connectorName(connectorConfig));
            store.createIfMissing();
            store.replace(offsets);
        }
        return true;
    }

    /** The connector's name (it keys its rows in the offsets table) where Connect gives none. */
    static final String DEFAULT_NAME = "clickhouse-sink";

    private static String connectorName(Map<String, String> props) {
        return TaskConfigs.connectorName(props, DEFAULT_NAME);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return ClickHouseSinkConfig.CONFIG_DEF;
    }
}
