package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcflow.iceberg.catalog.StageCatalog;
import dev.cdcflow.iceberg.stage.StageConfig;
import dev.cdcflow.localstack.LocalStack;
import dev.cdcflow.localstack.LocalStackTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/**
 * The tasks of a new connector start together on a new catalog database: each opens the JDBC catalog (which creates
 * its own tables), the namespace and the stage table at the same moment, and every one must come out with the one
 * table. Seen failing before: a task lost the race for the namespace row and died on the unique-key violation.
 */
@LocalStackTest
class ConcurrentTableCreationTest {

    private static final int TASKS = 6;

    @Test
    void tasksCreatingTheCatalogNamespaceAndTableAtOnceAllGetTheTable(LocalStack stack) throws Exception {
        stack.s3().createBucket("lakehouse");
        stack.postgres().execute("CREATE DATABASE race_catalog");
        IcebergStageConfig config = new IcebergStageConfig(StageFixtures.catalogConfig(stack, "race_catalog", "race"));
        CyclicBarrier start = new CyclicBarrier(TASKS);
        ExecutorService pool = Executors.newFixedThreadPool(TASKS);
        try {
            List<Future<String>> tables = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tables.add(pool.submit(() -> {
                    start.await();
                    try (StageCatalog catalog = new StageCatalog(config)) {
                        Table table = catalog.table(StageConfig.parse(StageFixtures.STAGE).table("orders"));
                        return table.uuid().toString();
                    }
                }));
            }
            List<String> uuids = new ArrayList<>();
            for (Future<String> table : tables) {
                uuids.add(table.get());
            }
            assertThat(uuids).hasSize(TASKS).containsOnly(uuids.get(0));
        } finally {
            pool.shutdownNow();
        }
    }
}
