package dev.cdcflow.iceberg.commit;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one batch to its table, as a compare-and-set of the table's positions: in one transaction, an append of
 * its data files and the positions they take the table to ({@link TableOffsets}), only if every partition of the
 * batch still stands where the task last saw it. A table that moved meanwhile (another writer committed those
 * partitions: a zombie or its successor, or an offset reset) refuses the batch, and the task reads the table again.
 *
 * <p>A commit that failed (the catalog or S3 away, a conflict Iceberg could not retry) or whose outcome is unknown
 * throws, and the same batch is given again later: a try that had gone through after all is recognised by the
 * positions it left, so the files are neither lost nor added twice. Files are deleted only when the batch is refused
 * and no try of it can have gone in.
 */
public final class TableCommitter {

    /** What became of a batch. */
    public sealed interface Outcome {
        /** The table holds the batch. */
        record Committed() implements Outcome {
        }

        /** Nothing of the batch is in the table, which stands at {@code positions} in the batch's partitions. */
        record Refused(Map<TopicPartition, Position> positions) implements Outcome {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TableCommitter.class);
    private static final String COMMIT_ID = "cdcflow.commit-id";
    private final String connector;

    public TableCommitter(String connector) {
        this.connector = connector;
    }

    /**
     * Commits the batch if the table stands at {@code expected} in each of its partitions (absent: nothing of the
     * partition in the table). Throws when the commit failed or its outcome is unknown; then the same batch is to be
     * given again, as often as it takes.
     */
    public Outcome commit(Table table, Batch batch, Map<TopicPartition, Position> expected) {
        table.refresh();
        Map<TopicPartition, Position> stored = TableOffsets.read(table, connector);
        if (batch.maybeCommitted() && holds(stored, batch)) {
            LOG.info("A commit to {} whose outcome was unknown had gone through ({})", table.name(), batch.ends());
            return new Outcome.Committed();
        }
        Set<TopicPartition> moved = batch.ends().keySet().stream()
                .filter(partition -> !Objects.equals(stored.get(partition), expected.get(partition)))
                .collect(Collectors.toSet());
        if (!moved.isEmpty()) {
            return refuse(table, batch, stored, "the table moved on in " + moved + " meanwhile");
        }
        String commitId = UUID.randomUUID().toString();
        Snapshot base = table.currentSnapshot();
        Transaction transaction = table.newTransaction();
        // Manifests are written on this thread: Iceberg's shared worker pool is shut down by a JVM shutdown hook
        // while Connect's own hook is still closing tasks, whose last commits would then be rejected.
        AppendFiles append = transaction.newFastAppend().scanManifestsWith(OnCallerExecutor.INSTANCE)
                .writeManifestsWith(OnCallerExecutor.INSTANCE, 1);
        batch.files().forEach(append::appendFile);
        Map.Entry<String, String> summary = TableOffsets.summaryEntry(connector, batch.ends());
        append.set(summary.getKey(), summary.getValue());
        append.set(COMMIT_ID, commitId);
        append.validateWith(TableOffsets.untouchedSince(connector, batch.ends().keySet(),
                base == null ? null : base.snapshotId()));
        append.commit();
        UpdateProperties positions = transaction.updateProperties();
        TableOffsets.set(table, positions, connector, batch.ends(), stored);
        positions.commit();
        try {
            transaction.commitTransaction();
        } catch (ValidationException e) {
            table.refresh();
            Map<TopicPartition, Position> now = TableOffsets.read(table, connector);
            return refuse(table, batch, now, e.getMessage());
        } catch (RuntimeException e) {
            // Failed or unknown: the catalog may hold it (a timeout after the swap); the next try looks first.
            batch.markMaybeCommitted();
            throw e;
        }
        LOG.info("Committed {} rows in {} data files to {} ({}, commit {})", batch.records(), batch.files().size(),
                table.name(), batch.ends(), commitId);
        return new Outcome.Committed();
    }

    /** Whether the table stands exactly where the batch takes it, in every partition of the batch. */
    private static boolean holds(Map<TopicPartition, Position> stored, Batch batch) {
        return batch.ends().entrySet().stream().allMatch(end -> end.getValue().equals(stored.get(end.getKey())));
    }

    private Outcome refuse(Table table, Batch batch, Map<TopicPartition, Position> stored, String reason) {
        Map<TopicPartition, Position> positions = batch.ends().keySet().stream().filter(stored::containsKey)
                .collect(Collectors.toMap(partition -> partition, stored::get));
        if (batch.maybeCommitted() && referencesAny(table, batch)) {
            // An earlier try went in and the table moved on since: the batch is in, once.
            LOG.info("A commit to {} whose outcome was unknown had gone through; the table has moved on since",
                    table.name());
            return new Outcome.Committed();
        }
        if (batch.maybeCommitted()) {
            LOG.warn("Commit to {} refused ({}); its {} data files are left (an earlier try's outcome is unknown: "
                    + "orphan-file removal takes them)", table.name(), reason, batch.files().size());
        } else {
            LOG.warn("Commit to {} refused ({}); its {} data files are deleted", table.name(), reason,
                    batch.files().size());
            batch.files().forEach(file -> table.io().deleteFile(file.location()));
        }
        return new Outcome.Refused(positions);
    }

    /** Whether a snapshot of the table's history added one of the batch's files: an earlier try of ours. */
    private static boolean referencesAny(Table table, Batch batch) {
        Set<String> ours = batch.files().stream().map(ContentFile::location).collect(Collectors.toSet());
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
            for (var file : snapshot.addedDataFiles(table.io())) {
                if (ours.contains(file.location())) {
                    return true;
                }
            }
        }
        return false;
    }
}
