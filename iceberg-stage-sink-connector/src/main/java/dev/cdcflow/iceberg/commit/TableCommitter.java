package dev.cdcflow.iceberg;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one batch to its table: one append of its data files, the Kafka offsets they cover in the snapshot
 * summary, valid only if none of those offsets was committed meanwhile ({@link CommittedOffsets#validator}). A
 * commit whose outcome is unknown (the catalog or S3 failed mid-way) is tried again with the same files; a retry
 * that is refused looks whether the first try went through after all, so the files are neither lost nor added
 * twice.
 */
final class TableCommitter {

    /** What became of a batch. */
    enum Outcome {
        /** The table holds it. */
        COMMITTED,
        /** The table holds those offsets from another writer: the files were deleted, nothing of them is in. */
        REFUSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(TableCommitter.class);

    private final String connector;

    TableCommitter(String connector) {
        this.connector = connector;
    }

    /**
     * Commits the batch. Throws when the outcome is unknown (the catalog or S3 failed): then the same batch is to be
     * given again, as often as it takes.
     */
    Outcome commit(Table table, TableBuffer.Batch batch) {
        Map.Entry<String, String> offsets = CommittedOffsets.summaryEntry(connector, batch.nextOffsets());
        AppendFiles append = table.newFastAppend();
        batch.files().forEach(append::appendFile);
        append.set(offsets.getKey(), offsets.getValue());
        append.validateWith(CommittedOffsets.validator(connector, batch.firstOffsets()));
        try {
            append.commit();
            LOG.info("Committed {} rows in {} data files to {} ({})", batch.records(), batch.files().size(),
                    table.name(), batch.nextOffsets());
            return Outcome.COMMITTED;
        } catch (ValidationException | CommitFailedException e) {
            table.refresh();
            if (holds(table, offsets.getValue(), batch)) {
                LOG.info("A commit to {} whose outcome was unknown had gone through ({})", table.name(),
                        batch.nextOffsets());
                return Outcome.COMMITTED;
            }
            LOG.warn("Commit to {} refused ({}); its {} data files are deleted", table.name(), e.getMessage(),
                    batch.files().size());
            batch.files().forEach(file -> table.io().deleteFile(file.location()));
            return Outcome.REFUSED;
        }
    }

    /** Whether a snapshot of the table recorded exactly these offsets with these files: an earlier try of ours. */
    private boolean holds(Table table, String offsets, TableBuffer.Batch batch) {
        Set<String> ours = batch.files().stream().map(ContentFile::location).collect(Collectors.toSet());
        String key = CommittedOffsets.SUMMARY_PREFIX + connector;
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
            if (snapshot.summary() != null && offsets.equals(snapshot.summary().get(key))) {
                if (ours.isEmpty()) {
                    return true;
                }
                for (var file : snapshot.addedDataFiles(table.io())) {
                    if (ours.contains(file.location())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
