package dev.cdcflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commit protocol against an in-memory catalog: offsets travel in the snapshots, a stale writer (a zombie, or a
 * task prepared on an old table state) is refused even when Iceberg retries its commit on a newer state, and a
 * batch given again after an unknown outcome is neither lost nor added twice.
 */
class TableCommitterTest {

    private static final TopicPartition P0 = new TopicPartition("shop.public.orders", 0);
    private static final TopicPartition P1 = new TopicPartition("shop.public.orders", 1);
    private static final TableIdentifier ID = TableIdentifier.of("stage", "orders");

    private InMemoryCatalog catalog;
    private final TableCommitter committer = new TableCommitter("stage-sink");

    @BeforeEach
    void createTable() {
        catalog = new InMemoryCatalog();
        catalog.initialize("mem", Map.of());
        catalog.createNamespace(Namespace.of("stage"));
        catalog.createTable(ID, new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())),
                PartitionSpec.unpartitioned());
    }

    @Test
    void committedOffsetsAreReadBackThroughOtherWritersSnapshots() {
        Table table = catalog.loadTable(ID);
        assertThat(committer.commit(table, batch(table, Map.of(P0, 0L, P1, 0L), Map.of(P0, 10L, P1, 7L))))
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        assertThat(committer.commit(table, batch(table, Map.of(P0, 10L), Map.of(P0, 20L))))
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        table.newFastAppend().appendFile(file(table)).commit();

        assertThat(CommittedOffsets.read(table, "stage-sink", List.of(P0, P1)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(P0, 20L, P1, 7L));
        assertThat(CommittedOffsets.read(table, "another-sink", List.of(P0))).isEmpty();
    }

    @Test
    void aZombiesBatchOverOffsetsAlreadyCommittedIsRefusedAndItsFilesDeleted() {
        Table table = catalog.loadTable(ID);
        committer.commit(table, batch(table, Map.of(P0, 0L), Map.of(P0, 10L)));
        TableBuffer.Batch zombie = batch(table, Map.of(P0, 5L), Map.of(P0, 12L));

        assertThat(committer.commit(table, zombie)).isEqualTo(TableCommitter.Outcome.REFUSED);
        assertThat(exists(table, zombie.files().get(0))).isFalse();
        assertThat(CommittedOffsets.read(table, "stage-sink", List.of(P0))).containsEntry(P0, 10L);
        assertThat(dataFiles(table)).hasSize(1);
    }

    @Test
    void aWriterPreparedOnAnOlderStateIsCheckedAgainstTheNewOneWhenIcebergRetries() {
        Table current = catalog.loadTable(ID);
        Table stale = catalog.loadTable(ID);
        committer.commit(current, batch(current, Map.of(P0, 0L), Map.of(P0, 10L)));

        // The stale instance still sees the empty table; Iceberg refreshes on the conflict and validates again.
        assertThat(committer.commit(stale, batch(stale, Map.of(P0, 0L), Map.of(P0, 10L))))
                .isEqualTo(TableCommitter.Outcome.REFUSED);
        assertThat(committer.commit(stale, batch(stale, Map.of(P1, 0L), Map.of(P1, 4L))))
                .as("another partition's batch on the same stale state goes in")
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        current.refresh();
        assertThat(dataFiles(current)).hasSize(2);
    }

    @Test
    void aBatchGivenAgainAfterAnUnknownOutcomeIsInOnce() {
        Table table = catalog.loadTable(ID);
        TableBuffer.Batch batch = batch(table, Map.of(P0, 0L), Map.of(P0, 10L));
        committer.commit(table, batch);

        assertThat(committer.commit(table, batch)).isEqualTo(TableCommitter.Outcome.COMMITTED);
        assertThat(exists(table, batch.files().get(0))).isTrue();
        assertThat(dataFiles(table)).hasSize(1);
    }

    private static TableBuffer.Batch batch(Table table, Map<TopicPartition, Long> first,
                                           Map<TopicPartition, Long> next) {
        return new TableBuffer.Batch(List.of(file(table)), first, next, 1);
    }

    /** A data file that exists in the table's FileIO (its content does not matter here). */
    private static DataFile file(Table table) {
        String path = "mem://stage/orders/data/" + UUID.randomUUID() + ".parquet";
        try (OutputStream out = table.io().newOutputFile(path).create()) {
            out.write(new byte[] {1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DataFiles.builder(PartitionSpec.unpartitioned()).withPath(path).withFileSizeInBytes(1)
                .withRecordCount(1).withFormat(FileFormat.PARQUET).build();
    }

    private static boolean exists(Table table, DataFile file) {
        try {
            return table.io().newInputFile(file.location()).exists();
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static List<DataFile> dataFiles(Table table) {
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
