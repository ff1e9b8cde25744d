package dev.cdcflow.iceberg.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ThreadPools;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop commits what the task has: on SIGTERM a JVM shutdown hook stops Iceberg's shared worker pool while
 * Connect's own hook is still closing the tasks, whose last commits must not need that pool. Run in a JVM of its own
 * (the pool is shut down for good there).
 */
class CommitDuringShutdownTest {

    @Test
    void aCommitGoesInWhileIcebergsSharedWorkerPoolIsShutDown() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CommitDuringShutdownTest.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("committed 20 files");
    }

    /** Shuts Iceberg's worker pool down, as the shutdown hook does, then commits a batch of 20 data files. */
    public static void main(String[] args) throws IOException {
        InMemoryCatalog catalog = new InMemoryCatalog();
        catalog.initialize("mem", Map.of());
        catalog.createNamespace(Namespace.of("stage"));
        Table table = catalog.createTable(TableIdentifier.of("stage", "orders"),
                new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())), PartitionSpec.unpartitioned());
        ThreadPools.getWorkerPool().shutdown();
        List<DataFile> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String path = "mem://stage/orders/data/" + UUID.randomUUID() + ".parquet";
            try (OutputStream out = table.io().newOutputFile(path).create()) {
                out.write(new byte[] {1});
            }
            files.add(DataFiles.builder(PartitionSpec.unpartitioned()).withPath(path).withFileSizeInBytes(1)
                    .withRecordCount(1).withFormat(FileFormat.PARQUET).build());
        }
        TopicPartition partition = new TopicPartition("shop.public.orders", 0);
        Batch batch = new Batch(files, Map.of(partition, 0L), Map.of(partition, Position.at(20)), 20);
        TableCommitter.Outcome outcome = new TableCommitter("stage-sink").commit(table, batch, Map.of());
        table.refresh();
        int committed = 0;
        for (DataFile ignored : table.currentSnapshot().addedDataFiles(table.io())) {
            committed++;
        }
        System.out.println(outcome + ": committed " + committed + " files");
        System.exit(outcome instanceof TableCommitter.Outcome.Committed ? 0 : 1);
    }
}
