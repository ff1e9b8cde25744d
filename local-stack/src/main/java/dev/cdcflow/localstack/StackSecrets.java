package dev.cdcflow.localstack;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * The local stack's secrets, as a Connect config provider: the connector templates name their passwords
 * {@code ${env:NAME}}, which the Compose stack's worker resolves from its environment (Kafka's EnvVarConfigProvider).
 * A worker in this JVM cannot be given an environment, so it resolves them here; a worker of its own JVM gets them
 * as its environment and uses Kafka's provider. Either way the passwords never stand in a connector's config.
 */
public final class StackSecrets implements ConfigProvider {

    /** Every secret a template names, with the local stack's value (its servers trust loopback, S3 excepted). */
    public static final Map<String, String> VALUES = Map.of(
            "POSTGRES_PASSWORD", PostgresServer.PASSWORD,
            "SEEDER_DB_PASSWORD", "seeder",
            "DEBEZIUM_DB_PASSWORD", "debezium",
            "ICEBERG_CATALOG_PASSWORD", PostgresServer.PASSWORD,
            "CLICKHOUSE_SINK_PASSWORD", "",
            "S3_SECRET_KEY", S3Server.SECRET_KEY,
            "ICEBERG_S3_SECRET_KEY", S3Server.SECRET_KEY,
            "BATCH_S3_SECRET_KEY", S3Server.SECRET_KEY);

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public ConfigData get(String path) {
        return new ConfigData(VALUES);
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> found = new HashMap<>();
        keys.stream().filter(VALUES::containsKey).forEach(key -> found.put(key, VALUES.get(key)));
        return new ConfigData(found);
    }

    @Override
    public void close() {
    }
}
