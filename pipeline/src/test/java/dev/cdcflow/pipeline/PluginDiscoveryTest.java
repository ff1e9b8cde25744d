package dev.cdcflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.localstack.ConnectRestClient.Plugin;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker whose plugin.path holds the built archives finds every plugin of this repository, and Debezium's. */
@LocalStackTest
class PluginDiscoveryTest {

    private static final String VERSION = System.getProperty("project.version");

    @Test
    void workerListsEveryPluginOfThisRepositoryWithItsVersionAndDebezium(LocalStack stack) {
        List<Plugin> plugins = stack.connect().rest().plugins();

        assertThat(plugins).contains(
                new Plugin("dev.cdcflow.transforms.FlattenChangeEvent", "transformation", VERSION),
                new Plugin("dev.cdcflow.transforms.ValidateRow", "transformation", VERSION),
                new Plugin("dev.cdcflow.seeder.StorefrontSeederConnector", "source", VERSION),
                new Plugin("dev.cdcflow.clickhouse.ClickHouseSinkConnector", "sink", VERSION),
                new Plugin("dev.cdcflow.s3.S3RawSinkConnector", "sink", VERSION),
                new Plugin("dev.cdcflow.iceberg.IcebergStageSinkConnector", "sink", VERSION),
                new Plugin("dev.cdcflow.batch.BatchUploadSourceConnector", "source", VERSION));
        assertThat(plugins).anySatisfy(plugin -> {
            assertThat(plugin.className()).isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
            assertThat(plugin.type()).isEqualTo("source");
        });
    }
}
