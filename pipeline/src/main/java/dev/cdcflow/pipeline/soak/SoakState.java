package dev.cdcflow.pipeline.soak;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Where a soak stands, in its work folder, so that a pipeline JVM the soak had killed picks the soak up where it
 * was: the cycle, whether that cycle's fault is done and only its check remains, the sinks' task count, and how far
 * the storefront seeder had come at the last check.
 */
final class SoakState {

    private final Path dir;
    private int cycle = 1;
    private boolean faultDone;
    private int sinkTasks = 1;
    private long seederPosition = -1;

    private SoakState(Path dir) {
        this.dir = dir;
    }

    static SoakState load(Path workDir) {
        SoakState state = new SoakState(workDir.resolve("soak"));
        Path file = state.file();
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
            state.cycle = Integer.parseInt(properties.getProperty("cycle", "1"));
            state.faultDone = Boolean.parseBoolean(properties.getProperty("fault.done", "false"));
            state.sinkTasks = Integer.parseInt(properties.getProperty("sink.tasks", "1"));
            state.seederPosition = Long.parseLong(properties.getProperty("seeder.position", "-1"));
        }
        return state;
    }

    int cycle() {
        return cycle;
    }

    boolean faultDone() {
        return faultDone;
    }

    int sinkTasks() {
        return sinkTasks;
    }

    void sinkTasks(int tasks) {
        sinkTasks = tasks;
        save();
    }

    /** The seeder's next position (over all its tasks) at the last check; -1 before the first. */
    long seederPosition() {
        return seederPosition;
    }

    void seederPosition(long position) {
        seederPosition = position;
        save();
    }

    void faultDone(boolean done) {
        faultDone = done;
        save();
    }

    void nextCycle() {
        cycle++;
        faultDone = false;
        save();
    }

    /** Appends a line to the soak's results file, which outlives killed JVMs. */
    void record(String line) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.txt"), line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the soak's results in " + dir, e);
        }
    }

    /** The file whose appearance asks the supervising script to kill this JVM (SIGKILL) and start it again. */
    Path killRequest() {
        return dir.resolve("kill-request");
    }

    private Path file() {
        return dir.resolve("state.properties");
    }

    private void save() {
        Properties properties = new Properties();
        properties.setProperty("cycle", Integer.toString(cycle));
        properties.setProperty("fault.done", Boolean.toString(faultDone));
        properties.setProperty("sink.tasks", Integer.toString(sinkTasks));
        properties.setProperty("seeder.position", Long.toString(seederPosition));
        try {
            Files.createDirectories(dir);
            Path next = dir.resolve("state.properties.next");
            try (Writer writer = Files.newBufferedWriter(next)) {
                properties.store(writer, "Where the fault soak stands");
            }
            // Replaced whole: a kill at any moment leaves the old state or the new one.
            Files.move(next, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the soak's state in " + dir, e);
        }
    }
}
