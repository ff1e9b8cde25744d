package dev.cdcflow.pipeline.batch;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the main command's running local stack is, whatever work folder it was given: the main command writes the
 * batch command's settings to a known file when its stack is up and removes it when it stops; the batch command
 * reads it when its environment names nothing, and trusts it only while the process that wrote it lives.
 */
public final class RunningStack {

    private static final String PID = "pid";

    private RunningStack() {
    }

    /** The known file: {@code ~/.cache/cdcflow/running-stack.properties}, or under {@code CDCFLOW_STATE_DIR}. */
    public static Path file() {
        String dir = System.getenv("CDCFLOW_STATE_DIR");
        return (dir == null || dir.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "cdcflow")
                : Path.of(dir)).resolve("running-stack.properties");
    }

    /** Records this process's stack; the file goes when the JVM stops. */
    public static void record(BatchSettings settings, Path workDir) {
        Properties properties = new Properties();
        settings.toEnvironment().forEach(properties::setProperty);
        properties.setProperty(PID, Long.toString(ProcessHandle.current().pid()));
        properties.setProperty("work.dir", workDir.toString());
        Path file = file();
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "The main command's running local stack (scripts/batch.sh reads it)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A stale file names a process that is gone, and is not trusted.
            }
        }, "running-stack-file"));
    }

    /** The running stack's settings, or null when none is running. */
    public static BatchSettings find() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            return null;
        }
        boolean alive = ProcessHandle.of(Long.parseLong(properties.getProperty(PID, "-1")))
                .map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            return null;
        }
        Map<String, String> environment = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> environment.put(name, properties.getProperty(name)));
        return BatchSettings.fromEnvironment(environment);
    }
}
