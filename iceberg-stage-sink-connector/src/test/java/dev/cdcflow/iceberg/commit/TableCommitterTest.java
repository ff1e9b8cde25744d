package dev.cdcflow.iceberg.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commit protocol against an in-memory catalog: positions travel in the table's properties with the files they
 * cover and outlive snapshot expiry; a writer that expects the table where it no longer stands (a zombie, or a task
 * prepared on an old table state) is refused, also when Iceberg retries its commit on a newer state; a batch given
 * again after an unknown outcome is neither lost nor added twice.
 */
class TableCommitterTest {

    private static final String CONNECTOR = "stage-sink";
    private static final TopicPartition P0 = new TopicPartition("shop.public.orders", 0);
    private static final TopicPartition P1 = new TopicPartition("shop.public.orders", 1);
    private static final TableIdentifier ID = TableIdentifier.of("stage", "orders");

    private InMemoryCatalog catalog;
    private final TableCommitter committer = new TableCommitter(CONNECTOR);

    @BeforeEach
    void createTable() {
        catalog = new InMemoryCatalog();
        catalog.initialize("mem", Map.of());
        catalog.createNamespace(Namespace.of("stage"));
        catalog.createTable(ID, new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())),
                PartitionSpec.unpartitioned());
    }

    @Test
    void positionsOutliveOtherWritersSnapshotsAndSnapshotExpiry() {
        Table table = catalog.loadTable(ID);
        assertThat(committer.commit(table, batch(table, Map.of(P0, 0L, P1, 0L), Map.of(P0, 10L, P1, 7L)), Map.of()))
                .isInstanceOf(TableCommitter.Outcome.Committed.class);
        assertThat(committer.commit(table, batch(table, Map.of(P0, 10L), Map.of(P0, 20L)),
                Map.of(P0, position(10)))).isInstanceOf(TableCommitter.Outcome.Committed.class);
        table.newFastAppend().appendFile(file(table)).commit();
        table.expireSnapshots().retainLast(1).commit();

        assertThat(TableOffsets.read(catalog.loadTable(ID), CONNECTOR))
                .containsExactlyInAnyOrderEntriesOf(Map.of(P0, position(20), P1, position(7)));
        assertThat(TableOffsets.read(table, "another-sink")).isEmpty();
    }

    @Test
    void aWriterExpectingTheTableWhereItNoLongerStandsIsRefusedAndItsFilesDeleted() {
        Table table = catalog.loadTable(ID);
        committer.commit(table, batch(table, Map.of(P0, 0L), Map.of(P0, 10L)), Map.of());
        Batch zombie = batch(table, Map.of(P0, 5L), Map.of(P0, 12L));

        TableCommitter.Outcome outcome = committer.commit(table, zombie, Map.of(P0, position(5)));

        assertThat(outcome).isEqualTo(new TableCommitter.Outcome.Refused(Map.of(P0, position(10))));
        assertThat(exists(table, zombie.files().get(0))).isFalse();
        assertThat(TableOffsets.read(table, CONNECTOR)).containsEntry(P0, position(10));
        assertThat(dataFiles(table)).hasSize(1);
    }

    @Test
    void aWriterPreparedOnAnOlderTableStateIsCheckedAgainstTheCurrentOne() {
        Table current = catalog.loadTable(ID);
        Table stale = catalog.loadTable(ID);
        committer.commit(current, batch(current, Map.of(P0, 0L), Map.of(P0, 10L)), Map.of());

        assertThat(committer.commit(stale, batch(stale, Map.of(P0, 0L), Map.of(P0, 10L)), Map.of()))
                .isInstanceOf(TableCommitter.Outcome.Refused.class);
        assertThat(committer.commit(stale, batch(stale, Map.of(P1, 0L), Map.of(P1, 4L)), Map.of()))
                .as("another partition's batch on the same stale state goes in")
                .isInstanceOf(TableCommitter.Outcome.Committed.class);
        current.refresh();
        assertThat(dataFiles(current)).hasSize(2);
        assertThat(TableOffsets.read(current, CONNECTOR))
                .containsExactlyInAnyOrderEntriesOf(Map.of(P0, position(10), P1, position(4)));
    }

    /** Between the check and the catalog's swap, only the validator sees another writer: on Iceberg's retry. */
    @Test
    void theValidatorRefusesWhatASnapshotAfterTheCheckedOneCommittedInTheSamePartitions() {
        Table table = catalog.loadTable(ID);
        committer.commit(table, batch(table, Map.of(P0, 0L), Map.of(P0, 10L)), Map.of());
        long checked = table.currentSnapshot().snapshotId();
        committer.commit(table, batch(table, Map.of(P0, 10L), Map.of(P0, 12L)), Map.of(P0, position(10)));

        assertThat(TableOffsets.untouchedSince(CONNECTOR, List.of(P0), checked)
                .validate(SnapshotUtil.currentAncestors(table))).isFalse();
        assertThat(TableOffsets.untouchedSince(CONNECTOR, List.of(P1), checked)
                .validate(SnapshotUtil.currentAncestors(table))).isTrue();
    }

    @Test
    void aBatchGivenAgainAfterAnUnknownOutcomeIsInOnce() {
        Table table = catalog.loadTable(ID);
        Batch batch = batch(table, Map.of(P0, 0L), Map.of(P0, 10L));
        committer.commit(table, batch, Map.of());
        batch.markMaybeCommitted();

        assertThat(committer.commit(table, batch, Map.of()))
                .isInstanceOf(TableCommitter.Outcome.Committed.class);
        assertThat(exists(table, batch.files().get(0))).isTrue();
        assertThat(dataFiles(table)).hasSize(1);
    }

    @Test
    void aBatchOfUnknownOutcomeWhoseTableMovedOnSinceIsKnownByItsFiles() {
        Table table = catalog.loadTable(ID);
        Batch batch = batch(table, Map.of(P0, 0L), Map.of(P0, 10L));
        committer.commit(table, batch, Map.of());
        batch.markMaybeCommitted();
        committer.commit(table, batch(table, Map.of(P0, 10L), Map.of(P0, 15L)), Map.of(P0, position(10)));

        assertThat(committer.commit(table, batch, Map.of()))
                .isInstanceOf(TableCommitter.Outcome.Committed.class);
        assertThat(exists(table, batch.files().get(0))).as("referenced, never deleted").isTrue();
        assertThat(dataFiles(table)).hasSize(2);
    }

    @Test
    void positionsOfTablesWrittenByEarlierBuildsAreReadFromTheSnapshotsAndCommittedOver() {
        Table table = catalog.loadTable(ID);
        table.newFastAppend().appendFile(file(table))
                .set("cdcflow.offsets." + CONNECTOR, "{\"shop.public.orders/0\":8}").commit();
        Map<TopicPartition, Position> read = TableOffsets.read(table, CONNECTOR);
        assertThat(read).containsExactly(Map.entry(P0, Position.at(8)));

        assertThat(committer.commit(table, batch(table, Map.of(P0, 8L), Map.of(P0, 12L)), read))
                .isInstanceOf(TableCommitter.Outcome.Committed.class);
        assertThat(TableOffsets.read(table, CONNECTOR)).containsExactly(Map.entry(P0, position(12)));
        assertThat(table.properties()).as("every position in a property: the snapshots are not read again")
                .containsKey("cdcflow.offset." + CONNECTOR);
    }

    @Test
    void snapshotsOfEarlierBuildsAreReadUntilEveryPartitionTheyNameIsCommittedOver() {
        Table table = catalog.loadTable(ID);
        table.newFastAppend().appendFile(file(table))
                .set("cdcflow.offsets." + CONNECTOR, "{\"shop.public.orders/0\":8,\"shop.public.orders/1\":3}")
                .commit();
        committer.commit(table, batch(table, Map.of(P0, 8L), Map.of(P0, 12L)), Map.of(P0, Position.at(8)));

        assertThat(table.properties()).doesNotContainKey("cdcflow.offset." + CONNECTOR);
        assertThat(TableOffsets.read(table, CONNECTOR))
                .containsExactlyInAnyOrderEntriesOf(Map.of(P0, position(12), P1, Position.at(3)));
    }

    @Test
    void anOffsetResetReplacesThePositionsWithoutTimestamps() {
        Table table = catalog.loadTable(ID);
        committer.commit(table, batch(table, Map.of(P0, 0L, P1, 0L), Map.of(P0, 10L, P1, 7L)), Map.of());
        Map<TopicPartition, Long> reset = new HashMap<>();
        reset.put(P0, 4L);
        reset.put(P1, null);

        TableOffsets.replace(table, CONNECTOR, reset);

        assertThat(TableOffsets.read(catalog.loadTable(ID), CONNECTOR))
                .containsExactlyInAnyOrderEntriesOf(Map.of(P0, Position.at(4), P1, Position.at(0)));
    }

    /** The position after offset {@code next - 1}, whose record's timestamp is 1000 + that offset. */
    private static Position position(long next) {
        return new Position(next, 1000 + next - 1);
    }

    private static Batch batch(Table table, Map<TopicPartition, Long> first, Map<TopicPartition, Long> next) {
        Map<TopicPartition, Position> ends = new HashMap<>();
        next.forEach((partition, offset) -> ends.put(partition, position(offset)));
        return new Batch(List.of(file(table)), first, ends, 1);
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
