package dev.cdcflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A stack's hold on its work folder: one running stack per folder, and only on a folder that is new, empty or a
 * stack's own (marked by a file naming its layout), so that a stack resumes exactly what an earlier one left and
 * refuses anything else with a message that says what to do. The operating system drops the lock when the JVM dies,
 * also on SIGKILL.
 */
final class WorkDirLock implements AutoCloseable {

    /**
     * The marker file and the layout of the folder this code writes; another layout is not resumed. Layout 3: the
     * templates write timestamps into ClickHouse in microseconds, where layout 2's tables hold milliseconds. Layout
     * 4: PostgreSQL is migrated (sql/postgres/, history in cdcflow_schema_history) and the Iceberg catalog's database
     * and tables belong to its own role, where layout 3's belong to the superuser.
     */
    static final String MARKER = "cdcflow-stack.properties";
    private static final String LAYOUT = "layout=4";
    private static final String LOCK = "cdcflow-stack.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final boolean resuming;

    private WorkDirLock(FileChannel channel, FileLock lock, boolean resuming) {
        this.channel = channel;
        this.lock = lock;
        this.resuming = resuming;
    }

    /** Takes the folder (created if missing) or fails with a message naming it, the reason and what to do. */
    static WorkDirLock acquire(Path dir) {
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve(MARKER);
            boolean resuming = Files.exists(marker);
            if (resuming && !Files.readString(marker).contains(LAYOUT)) {
                throw new IllegalStateException("The work folder " + dir + " was made by another version of the "
                        + "local stack and cannot be resumed: give --work-dir a new folder, or delete this one to "
                        + "start over");
            }
            if (!resuming && !isEmpty(dir)) {
                throw new IllegalStateException("The work folder " + dir + " is not empty and is not a local "
                        + "stack's (it has no " + MARKER + "): give --work-dir a new or empty folder");
            }
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("The work folder " + dir + " is in use by another running stack: "
                        + "stop it first, or give --work-dir another folder");
            }
            if (!resuming) {
                Files.writeString(marker, "# The local stack's work folder; resumed by a stack of the same layout.\n"
                        + LAYOUT + "\n", StandardCharsets.UTF_8);
            }
            return new WorkDirLock(channel, lock, resuming);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot take the work folder " + dir, e);
        }
    }

    /** Whether the folder held an earlier stack's services, which this one resumes. */
    boolean resuming() {
        return resuming;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the channel, and both with the JVM.
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
