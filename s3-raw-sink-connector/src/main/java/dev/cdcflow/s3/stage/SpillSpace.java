package dev.cdcflow.s3.stage;

import dev.cdcflow.s3.S3SinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The disk one task may spill to: a folder of its own under buffer.spill.dir, holding at most buffer.spill.max.bytes.
 * Its files live only as long as the task's open files: a task clears the folder when it starts (a crash leaves
 * files behind), spill files go as their objects are uploaded or dropped (a rebalance), and the folder goes when the
 * task stops. Thread-safe: uploads release space from their own threads.
 */
public final class SpillSpace {

    private final Path folder;
    private final long maxBytes;
    private long used;

    /** @param owner names the task (connector and task number), so that tasks sharing a disk never meet */
    public SpillSpace(Path parent, String owner, long maxBytes) {
        this.folder = parent.resolve("cdcflow-s3-" + owner.replaceAll("[^A-Za-z0-9._-]", "_"));
        this.maxBytes = maxBytes;
    }

    public Path folder() {
        return folder;
    }

    /** Removes what an earlier run of this task left behind. */
    public void clear() {
        remove();
    }

    /** Removes the folder and everything in it. */
    public void remove() {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the spill folder " + folder + " ("
                    + S3SinkConfig.SPILL_DIR_CONFIG + ")", e);
        }
    }

    /** A new spill file in the folder. */
    Path newFile() {
        try {
            Files.createDirectories(folder);
            return Files.createTempFile(folder, "spill-", ".part");
        } catch (IOException e) {
            throw failure(folder, e);
        }
    }

    /** Takes {@code bytes} of the space; false (and nothing taken) when that would pass the limit. */
    synchronized boolean reserve(long bytes) {
        if (used + bytes > maxBytes) {
            return false;
        }
        used += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        used -= bytes;
    }

    public synchronized long used() {
        return used;
    }

    /** The error for writing more than the limit into a file that is already on disk. */
    ConnectException full(String key) {
        return new ConnectException("The spill space of this task is full (" + S3SinkConfig.SPILL_MAX_BYTES_CONFIG
                + "=" + maxBytes + " bytes in " + folder + ") while " + key + " is written: raise "
                + S3SinkConfig.SPILL_MAX_BYTES_CONFIG + " or buffer.max.bytes, or lower flush.bytes so that files "
                + "close sooner");
    }

    /** The error for a failed write or read of a spill file, with what to do when the disk is full. */
    static ConnectException failure(Path path, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean diskFull = reason.contains("No space left");
        String advice = diskFull ? ". The disk is full: free space there, point " + S3SinkConfig.SPILL_DIR_CONFIG
                + " to a larger disk, or lower " + S3SinkConfig.SPILL_MAX_BYTES_CONFIG : "";
        return new ConnectException("Cannot use the spill file " + path + " (" + S3SinkConfig.SPILL_DIR_CONFIG + "): "
                + reason + advice, e);
    }
}
