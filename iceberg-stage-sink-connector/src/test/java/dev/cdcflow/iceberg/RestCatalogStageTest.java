package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.localstack.ConnectRestClient;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.junit.jupiter.api.Test;

/**
 * The stage with a REST catalog: two tasks commit one table through the REST protocol (the server's JDBC catalog in
 * PostgreSQL behind it), authenticated with OAuth2 client credentials, across restarts, and the table read back
 * through the same REST catalog holds every row once; a client with the wrong secret is refused.
 */
@LocalStackTest
class RestCatalogStageTest {

    @Test
    void twoTasksCommitThroughARestCatalogEveryRowOnceAcrossRestarts(LocalStack stack) throws Exception {
        stack.s3().createBucket("lakehouse");
        stack.postgres().execute("CREATE DATABASE rest_catalog");
        Map<String, String> behindServer = StageFixtures.catalogConfig(stack, "rest_catalog", "rest");
        try (RestCatalogServer server = new RestCatalogServer("stage",
                StageCatalog.properties(new IcebergStageConfig(behindServer)), "stage-client", "stage-secret")) {
            Map<String, String> restCatalog = restCatalog(server, behindServer);

            // A client the catalog does not know gets nothing.
            Map<String, String> stranger = new HashMap<>(restCatalog);
            stranger.put(IcebergStageConfig.CATALOG_PASSWORD_CONFIG, "wrong");
            assertThatThrownBy(() -> StageFixtures.table(stranger, "orders"))
                    .isInstanceOf(NotAuthorizedException.class);

            ConnectRestClient rest = stack.connect().rest();
            String topic = "rest.public.orders";
            stack.kafka().createTopic(topic, 2);
            stack.kafka().produce(topic, StageFixtures.orders(1, 40));
            rest.putConnector(StageFixtures.definition(stack, "rest-stage", topic).with(restCatalog));
            try {
                stack.kafka().produce(topic, StageFixtures.orders(41, 80));
                rest.restart("rest-stage");
                stack.kafka().produce(topic, StageFixtures.orders(81, 120));
                StageFixtures.awaitAllCommitted(stack, restCatalog, "rest-stage", topic);

                StageFixtures.assertRowsAre(StageFixtures.rows(restCatalog), 1, 120);
                assertThat(StageFixtures.dataFileLocations(restCatalog)).doesNotHaveDuplicates()
                        .allMatch(file -> file.startsWith("s3://lakehouse/stage/rest/orders/data/"));
                assertThat(stack.postgres().queryIn("rest_catalog",
                        "SELECT table_namespace, table_name FROM iceberg_tables"))
                        .as("the table is registered by the server, in its own database")
                        .containsExactly(List.of("rest", "orders"));
            } finally {
                rest.deleteConnector("rest-stage");
            }
        }
    }

    /**
     * A commit the catalog answers 409 with Iceberg's own retries off reaches the task as a failed commit: its
     * files are kept and given again, never deleted while the batch is still to be committed. The very first commit
     * of a table is the one refused: no offsets of it are in the table yet.
     */
    @Test
    void aCommitRefusedAsAConflictIsGivenAgainWithItsFiles(LocalStack stack) throws Exception {
        stack.s3().createBucket("lakehouse");
        stack.postgres().execute("CREATE DATABASE refused_catalog");
        Map<String, String> behindServer = StageFixtures.catalogConfig(stack, "refused_catalog", "refused");
        try (RestCatalogServer server = new RestCatalogServer("stage",
                StageCatalog.properties(new IcebergStageConfig(behindServer)), "stage-client", "stage-secret")) {
            Map<String, String> restCatalog = restCatalog(server, behindServer);
            StageFixtures.change(restCatalog, "orders", table -> table.updateProperties()
                    .set(TableProperties.COMMIT_NUM_RETRIES, "0").commit());
            server.refuseCommits(1);
            ConnectRestClient rest = stack.connect().rest();
            String topic = "refused.public.orders";
            stack.kafka().createTopic(topic, 2);
            stack.kafka().produce(topic, StageFixtures.orders(1, 40));
            rest.putConnector(StageFixtures.definition(stack, "refused-stage", topic).with(restCatalog));
            try {
                StageFixtures.awaitAllCommitted(stack, restCatalog, "refused-stage", topic);
                StageFixtures.assertRowsAre(StageFixtures.rows(restCatalog), 1, 40);
                Table table = StageFixtures.table(restCatalog, "orders");
                assertThat(StageFixtures.dataFileLocations(restCatalog)).doesNotHaveDuplicates()
                        .allMatch(file -> table.io().newInputFile(file).exists());
                assertThat(rest.status("refused-stage").path("tasks").findValuesAsText("state"))
                        .containsOnly("RUNNING");
            } finally {
                rest.deleteConnector("refused-stage");
            }
        }
    }

    /** The stage's settings for the REST catalog the server serves, with its OAuth2 client. */
    private static Map<String, String> restCatalog(RestCatalogServer server, Map<String, String> behindServer) {
        Map<String, String> restCatalog = new HashMap<>(behindServer);
        restCatalog.put(IcebergStageConfig.CATALOG_TYPE_CONFIG, "rest");
        restCatalog.put(IcebergStageConfig.CATALOG_URI_CONFIG, server.uri().toString());
        restCatalog.put(IcebergStageConfig.CATALOG_USER_CONFIG, "stage-client");
        restCatalog.put(IcebergStageConfig.CATALOG_PASSWORD_CONFIG, "stage-secret");
        return restCatalog;
    }
}
